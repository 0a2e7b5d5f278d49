using System;
using System.Linq;
using FluentAssertions;
using Xunit;

namespace ShuffleNet.Torch.Sample.Tests;

/// <summary>--help, and a failure that is not the user's: exit code 1 and one line.</summary>
public sealed class HelpAndFailureTests
{
    private static readonly string[] OptionNames =
    [
        "--width", "--classes", "--batch", "--size", "--device", "--threads", "--format", "--output", "--depth",
        "--weights", "--image", "--top", "--compare", "--engine", "--export-onnx", "--help",
    ];

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Run_Help_ListsEveryOptionAndExitsZero(string flag)
    {
        var run = SampleRun.Of(flag);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stderr.Should().BeEmpty();
        run.Stdout.Should().Contain("Usage:").And.Contain("Exit codes: 0 success, 1 runtime failure, 2 bad arguments or input files.");
        OptionNames.Should().OnlyContain(name => run.Lines.Any(l => l.TrimStart().StartsWith(name + " ", StringComparison.Ordinal) || l.Contains(", " + name, StringComparison.Ordinal)));
    }

    [Fact]
    public void Run_HelpWithABadValue_StillShowsHelp()
    {
        var run = SampleRun.Of("--width", "3", "--help");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Should().Contain("Usage:");
    }

    [Fact]
    public void Run_OutputDeviceFull_RuntimeFailureIsOneLineWithExitCode1()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;   // /dev/full, a file that fails every write, is Linux's
        }

        var run = SampleRun.Of("--width", "0.5", "--size", "32", "--output", "/dev/full");

        run.ExitCode.Should().Be(1, run.ToString());
        run.ErrorLines.Should().ContainSingle().Which.Should().StartWith("error: ").And.Contain("/dev/full");
    }
}
