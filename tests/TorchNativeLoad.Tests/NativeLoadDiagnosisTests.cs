using System;
using System.IO;
using FluentAssertions;
using Xunit;

namespace TorchNativeLoad.Tests;

public sealed class NativeLoadDiagnosisTests : IDisposable
{
    private readonly string _directory = NativeFiles.TemporaryDirectory();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [LinuxFact]
    public void Describe_UnpatchedLibraryOnThisMachine_NamesTheFileAndTheMissingVersion()
    {
        var copy = NativeFiles.CopyOfPackagedLibTorchSharp(_directory);
        var cause = new TypeInitializationException("TorchSharp.torch", new NotSupportedException("This application or script uses TorchSharp but doesn't contain a reference to libtorch-cpu-linux-x64"));

        var text = NativeLoadDiagnosis.Describe(cause, [_directory]);

        text.Should().Contain("TorchSharp reported: This application or script uses TorchSharp");
        text.Should().Contain($"{copy}: fails:");
        text.Should().Contain("GLIBCXX_3.4.32");
        text.Should().Contain("TorchSharpLinuxLoadFix");
    }

    [Fact]
    public void Describe_NoNativeLibraryAnywhere_SaysWhereItLookedAndWhichPackageToAdd()
    {
        var text = NativeLoadDiagnosis.Describe(new NotSupportedException("no backend"), [_directory]);

        text.Should().Contain(_directory);
        text.Should().Contain("add the package TorchSharp-cpu");
    }

    [Fact]
    public void EnsureLoaded_OnThisMachine_Succeeds()
    {
        Action act = LibTorch.EnsureLoaded;

        act.Should().NotThrow();
    }
}
