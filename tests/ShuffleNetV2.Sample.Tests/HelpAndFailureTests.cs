using System;
using System.Collections.Generic;
using System.Linq;
using FluentAssertions;
using Xunit;

namespace ShuffleNet.Torch.Sample.Tests;

/// <summary>--help of the root and of each subcommand, and a failure that is not the user's: exit code 1 and one line.</summary>
public sealed class HelpAndFailureTests
{
    private static readonly string[] StatisticsOptions =
        ["--width", "--classes", "--batch", "--size", "--device", "--threads", "--format", "--output", "--depth", "--weights", "--training", "--optimizer", "--trainable"];

    /// <summary>Each subcommand and exactly the options it takes (besides --help).</summary>
    public static TheoryData<string, string[]> SubcommandOptions => new()
    {
        { "stats", StatisticsOptions },
        {
            "classify",
            [
                "--image", "--weights", "--pretrained", "--no-verify", "--cache-dir", "--timeout", "--width", "--classes", "--labels", "--resize", "--crop",
                "--top", "--engine", "--device", "--threads", "--format", "--output",
            ]
        },
        { "export-onnx", ["--output", "--weights", "--width", "--classes", "--size"] },
        {
            "train",
            [
                "--data", "--output", "--width", "--epochs", "--batch", "--seed", "--weights", "--resume", "--lr", "--threads", "--format", "--size", "--workers",
                "--optimizer", "--weight-decay", "--warmup-epochs", "--label-smoothing", "--random-erase", "--ema", "--freeze-backbone-epochs", "--backbone-lr-scale",
                "--skip-unreadable", "--val-fraction",
            ]
        },
        {
            "evaluate",
            ["--weights", "--onnx", "--data", "--size", "--resize", "--mean", "--std", "--batch", "--workers", "--val-fraction", "--seed", "--threads", "--format"]
        },
        { "weights", ["--format", "--output"] },
    };

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Run_Help_ListsTheStatisticsOptionsAndTheSubcommandsAndExitsZero(string flag)
    {
        var run = SampleRun.Of(flag);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stderr.Should().BeEmpty();
        run.Stdout.Should().Contain("Usage:").And.Contain("Exit codes: 0 success, 1 runtime failure, 2 bad arguments or input files, 130 training interrupted (Ctrl+C).");
        OptionsIn(run).Should().BeEquivalentTo(StatisticsOptions.Append("--help").Append("--version"));
        Section(run, "Commands:").Select(FirstWord).Should().Equal("stats", "classify", "export-onnx", "train", "evaluate", "quantize", "weights");
    }

    [Theory]
    [MemberData(nameof(SubcommandOptions))]
    public void Run_SubcommandHelp_ListsExactlyItsOptions(string command, string[] options)
    {
        var run = SampleRun.Of(command, "--help");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stderr.Should().BeEmpty();
        run.Stdout.Should().Contain($"Usage:\n  {Usage(run)} {command} [options]");
        OptionsIn(run).Should().BeEquivalentTo(options.Append("--help"));
        Section(run, "Commands:").Should().BeEmpty();
    }

    [Theory]
    [InlineData("--width", "3", "--help")]
    [InlineData("classify", "--top", "0", "--help")]
    [InlineData("export-onnx", "--help")]
    public void Run_HelpWithABadOrMissingValue_StillShowsHelp(params string[] args)
    {
        var run = SampleRun.Of(args);

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

    /// <summary>The long names in the "Options:" section, e.g. "--width" from "  --width &lt;0.5|1.0|1.5|2.0&gt;  Network width ...".</summary>
    private static List<string> OptionsIn(SampleRun run) =>
        Section(run, "Options:")
            .SelectMany(line => line.Split("  ")[0].Split(", "))
            .Select(FirstWord)
            .Where(name => name.StartsWith("--", StringComparison.Ordinal))
            .ToList();

    /// <summary>The entries of a help section: the indented lines after its heading, up to the next blank line.</summary>
    private static List<string> Section(SampleRun run, string heading) =>
        run.Lines.SkipWhile(l => l != heading).Skip(1).TakeWhile(l => l.Length > 0).Select(l => l.Trim()).ToList();

    private static string Usage(SampleRun run) => FirstWord(Section(run, "Usage:")[0]);

    private static string FirstWord(string text) => text.Split(' ')[0];
}
