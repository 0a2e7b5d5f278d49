using System;
using System.IO;
using System.Linq;
using System.Runtime.Versioning;
using FluentAssertions;
using TorchNativeLoad.Build;
using Xunit;

namespace TorchNativeLoad.Tests;

public sealed class ElfVersionNeedsTests : IDisposable
{
    private readonly string _directory = NativeFiles.TemporaryDirectory();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [LinuxFact]
    public void ReadRequirements_PackagedLibrary_RequiresGlibcxx3432Strongly()
    {
        var requirement = ElfVersionNeeds.ReadRequirements(NativeFiles.PackagedLibTorchSharp)!.Single(r => r.Version == NativeFiles.Version);

        requirement.Library.Should().Be("libstdc++.so.6");
        requirement.IsWeak.Should().BeFalse();
    }

    [LinuxFact]
    public void MarkWeak_CopyOfPackagedLibrary_SetsOnlyTheWeakFlagOfThatEntry()
    {
        var copy = NativeFiles.CopyOfPackagedLibTorchSharp(_directory);
        var before = File.ReadAllBytes(copy);
        var requirementsBefore = ElfVersionNeeds.ReadRequirements(copy)!;

        var outcome = ElfVersionNeeds.MarkWeak(copy, NativeFiles.Version);

        outcome.Should().Be(WeakenOutcome.MarkedWeak);
        var after = File.ReadAllBytes(copy);
        Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).Should().HaveCount(1, "the edit is one flag bit");
        var requirementsAfter = ElfVersionNeeds.ReadRequirements(copy)!;
        requirementsAfter.Single(r => r.Version == NativeFiles.Version).IsWeak.Should().BeTrue();
        requirementsAfter.Where(r => r.Version != NativeFiles.Version).Select(r => (r.Library, r.Version, r.Flags))
            .Should().Equal(requirementsBefore.Where(r => r.Version != NativeFiles.Version).Select(r => (r.Library, r.Version, r.Flags)));
    }

    [LinuxFact]
    public void MarkWeak_SecondRun_ChangesNothing()
    {
        var copy = NativeFiles.CopyOfPackagedLibTorchSharp(_directory);
        ElfVersionNeeds.MarkWeak(copy, NativeFiles.Version);
        var once = File.ReadAllBytes(copy);
        var stamp = File.GetLastWriteTimeUtc(copy);

        var outcome = ElfVersionNeeds.MarkWeak(copy, NativeFiles.Version);

        outcome.Should().Be(WeakenOutcome.AlreadyWeak);
        File.ReadAllBytes(copy).Should().Equal(once);
        File.GetLastWriteTimeUtc(copy).Should().Be(stamp);
    }

    [LinuxFact]
    [SupportedOSPlatform("linux")]
    public void MarkWeak_KeepsTimestampAndPermissions()
    {
        var copy = NativeFiles.CopyOfPackagedLibTorchSharp(_directory);
        var stamp = new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(copy, stamp);
        File.SetUnixFileMode(copy, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead);

        ElfVersionNeeds.MarkWeak(copy, NativeFiles.Version).Should().Be(WeakenOutcome.MarkedWeak);

        File.GetLastWriteTimeUtc(copy).Should().Be(stamp);
        File.GetUnixFileMode(copy).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead);
    }

    [LinuxFact]
    public void MarkWeak_HardLinkedCopy_LeavesTheOtherLinkUntouched()
    {
        var original = NativeFiles.CopyOfPackagedLibTorchSharp(_directory);
        var linked = Path.Combine(_directory, "linked.so");
        HardLink(original, linked);

        ElfVersionNeeds.MarkWeak(linked, NativeFiles.Version).Should().Be(WeakenOutcome.MarkedWeak);

        ElfVersionNeeds.ReadRequirements(original)!.Single(r => r.Version == NativeFiles.Version).IsWeak.Should().BeFalse();
        ElfVersionNeeds.ReadRequirements(linked)!.Single(r => r.Version == NativeFiles.Version).IsWeak.Should().BeTrue();
    }

    [Fact]
    public void MarkWeak_FileThatIsNotElf_ReportsNotElfAndLeavesItUntouched()
    {
        var text = Path.Combine(_directory, "notes.txt");
        File.WriteAllText(text, "this is not a shared library");

        ElfVersionNeeds.MarkWeak(text, NativeFiles.Version).Should().Be(WeakenOutcome.NotElf);

        File.ReadAllText(text).Should().Be("this is not a shared library");
    }

    [LinuxFact]
    public void MarkWeak_TruncatedElf_ReportsNotElfAndLeavesItUntouched()
    {
        var truncated = Path.Combine(_directory, "truncated.so");
        var head = File.ReadAllBytes(NativeFiles.PackagedLibTorchSharp).AsSpan(0, 4096).ToArray();
        File.WriteAllBytes(truncated, head);

        ElfVersionNeeds.MarkWeak(truncated, NativeFiles.Version).Should().Be(WeakenOutcome.NotElf);

        File.ReadAllBytes(truncated).Should().Equal(head);
    }

    [LinuxFact]
    public void MarkWeak_ElfWithoutTheEntry_ReportsNoSuchRequirementAndLeavesItUntouched()
    {
        var copy = Path.Combine(_directory, "true");
        File.Copy("/bin/true", copy);
        var before = File.ReadAllBytes(copy);

        ElfVersionNeeds.MarkWeak(copy, NativeFiles.Version).Should().Be(WeakenOutcome.NoSuchRequirement);

        File.ReadAllBytes(copy).Should().Equal(before);
    }

    [LinuxFact]
    public void DefinesVersion_SystemLibstdcxx_DefinesOlderVersionsOnly()
    {
        var libstdcxx = SystemLibraries.Find("libstdc++.so.6");

        libstdcxx.Should().NotBeNull();
        ElfVersionNeeds.DefinesVersion(libstdcxx!, "GLIBCXX_3.4").Should().BeTrue();
        ElfVersionNeeds.DefinesVersion(libstdcxx!, "GLIBCXX_99.0").Should().BeFalse();
    }

    [LinuxFact]
    public void BuildOutput_CopyNextToTheseTests_IsWeakWhereLibstdcxxLacksTheVersion()
    {
        var libstdcxx = SystemLibraries.Find("libstdc++.so.6")!;
        var expectWeak = !ElfVersionNeeds.DefinesVersion(libstdcxx, NativeFiles.Version);

        var output = ElfVersionNeeds.ReadRequirements(NativeFiles.OutputLibTorchSharp)!.Single(r => r.Version == NativeFiles.Version);
        var packaged = ElfVersionNeeds.ReadRequirements(NativeFiles.PackagedLibTorchSharp)!.Single(r => r.Version == NativeFiles.Version);

        output.IsWeak.Should().Be(expectWeak);
        packaged.IsWeak.Should().BeFalse("the NuGet cache is never edited");
    }

    private static void HardLink(string existing, string link)
    {
        using var process = System.Diagnostics.Process.Start("ln", [existing, link]);
        process.WaitForExit();
        process.ExitCode.Should().Be(0);
    }
}
