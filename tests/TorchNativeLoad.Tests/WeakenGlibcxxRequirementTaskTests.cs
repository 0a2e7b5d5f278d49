using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using FluentAssertions;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using TorchNativeLoad.Build;

namespace TorchNativeLoad.Tests;

public sealed class WeakenGlibcxxRequirementTaskTests : System.IDisposable
{
    private readonly string _directory = NativeFiles.TemporaryDirectory();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [LinuxFact]
    public void Execute_LibstdcxxWithoutTheVersion_WeakensEachFile()
    {
        var copy = NativeFiles.CopyOfPackagedLibTorchSharp(_directory);
        var engine = new RecordingEngine();
        var task = new WeakenGlibcxxRequirement
        {
            BuildEngine = engine,
            Files = [new TaskItem(copy), new TaskItem(Path.Combine(_directory, "missing.so"))],
            StandardLibrary = "/bin/true", // an ELF that defines no GLIBCXX version
        };

        task.Execute().Should().BeTrue();

        ElfVersionNeeds.ReadRequirements(copy)!.Single(r => r.Version == NativeFiles.Version).IsWeak.Should().BeTrue();
        engine.Messages.Should().Contain(m => m.Contains(nameof(WeakenOutcome.MarkedWeak)));
    }

    [LinuxFact]
    public void Execute_LibstdcxxThatDefinesTheVersion_LeavesFilesAlone()
    {
        var copy = NativeFiles.CopyOfPackagedLibTorchSharp(_directory);
        var libstdcxx = SystemLibraries.Find("libstdc++.so.6")!;
        var task = new WeakenGlibcxxRequirement
        {
            BuildEngine = new RecordingEngine(),
            Files = [new TaskItem(copy)],
            StandardLibrary = libstdcxx,
            Version = "GLIBCXX_3.4.30", // defined by every libstdc++ this project supports
        };

        task.Execute().Should().BeTrue();

        ElfVersionNeeds.ReadRequirements(copy)!.Should().OnlyContain(r => !r.IsWeak);
    }

    private sealed class RecordingEngine : IBuildEngine
    {
        public List<string> Messages { get; } = [];

        public bool ContinueOnError => false;

        public int LineNumberOfTaskNode => 0;

        public int ColumnNumberOfTaskNode => 0;

        public string ProjectFileOfTaskNode => "test.proj";

        public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) => true;

        public void LogCustomEvent(CustomBuildEventArgs e) => Messages.Add(e.Message ?? string.Empty);

        public void LogErrorEvent(BuildErrorEventArgs e) => Messages.Add("error: " + e.Message);

        public void LogMessageEvent(BuildMessageEventArgs e) => Messages.Add(e.Message ?? string.Empty);

        public void LogWarningEvent(BuildWarningEventArgs e) => Messages.Add("warning: " + e.Message);
    }
}
