using System;
using FluentAssertions;
using Xunit;

namespace ShuffleNet.Torch.Sample.Tests;

/// <summary>stats --training: the training step's costs printed under the usual table (0.5× at 64×64 to stay quick).</summary>
public sealed class StatsTrainingTests
{
    /// <summary>The root command without a subcommand, and the stats subcommand.</summary>
    public static TheoryData<string> Commands => new() { "", "stats" };

    [Theory]
    [MemberData(nameof(Commands))]
    public void Run_Training_PrintsTheCostsUnderTheTable(string command)
    {
        var run = Run(command, "--width", "0.5", "--size", "64", "--batch", "8", "--training");

        run.ExitCode.Should().Be(0, run.ToString());
        var lines = run.Lines;
        var totals = Array.IndexOf(lines, "Total params: 1,366,792");
        var title = Array.FindIndex(lines, l => l.StartsWith("Training step: ", StringComparison.Ordinal));
        totals.Should().BePositive();
        title.Should().BeGreaterThan(totals, "the training costs come under the statistics table");
        lines[title].Should().StartWith("Training step: batch 8, SGD with momentum (1 state buffer per trainable parameter), trained: all (1,366,792 of 1,366,792 parameters); analysed on [1, 3, 64, 64]");
        lines[title + 1].Should().MatchRegex(@"^\s+module name\s+type\s+status\s+grad in\s+trained params\s+forward MACs\s+grad-input MACs\s+grad-weight MACs\s+kept\(MiB\)$");
        lines[title + 2].Should().MatchRegex(@"^0\s+conv1\.0\s+Conv2d\s+counted\s+no\s+648\s");
        lines.Should().Contain(l => l.StartsWith("Forward MACs: ", StringComparison.Ordinal));
        lines.Should().Contain("Memory at the step's peak (estimate, MiB):");
        lines.Should().Contain(l => l.StartsWith("  peak ", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_TrainingAdamWClassifierOnly_NamesThemAndCostsOnlyTheClassifiersWeightGradient()
    {
        var run = Run("stats", "--width", "0.5", "--size", "64", "--training", "--optimizer", "adamw", "--trainable", "classifier");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Lines.Should().Contain(l => l.StartsWith(
            "Training step: batch 1, AdamW (2 state buffers per trainable parameter), trained: fc.* (1,025,000 of 1,366,792 parameters)", StringComparison.Ordinal));

        // fc: 1024 → 1000 on one image, 1,024,000 MACs; its weight's gradient costs as much, its input's nothing.
        run.Lines.Should().Contain(l => l.StartsWith("Forward MACs: ", StringComparison.Ordinal) && l.Contains("backward MACs: 1.02M (input gradients 0, weight gradients 1.02M)", StringComparison.Ordinal));
        run.Lines.Should().Contain(l => l.StartsWith("  optimizer state ", StringComparison.Ordinal) && l.Contains(" 7.82 ", StringComparison.Ordinal), "2 × 1,025,000 floats");
    }

    [Fact]
    public void Run_WithoutTraining_PrintsNoTrainingCosts()
    {
        var run = Run("stats", "--width", "0.5", "--size", "64");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Should().NotContain("Training step:");
    }

    [Theory]
    [InlineData("stats --training --optimizer foo", "--optimizer must be sgd or adamw, got 'foo'.")]
    [InlineData("--training --optimizer sgdm", "--optimizer must be sgd or adamw, got 'sgdm'.")]
    [InlineData("stats --training --trainable head", "--trainable must be all or classifier, got 'head'.")]
    [InlineData("stats --optimizer adamw", "--optimizer needs --training.")]
    [InlineData("stats --trainable classifier", "--trainable needs --training.")]
    [InlineData("stats --training --format json", "--training prints its costs under the statistics table: use it with --format table.")]
    [InlineData("classify --image x.png --training", "Unrecognized command or argument '--training'.")]
    public void Run_BadTrainingArguments_OneErrorLineAndExitCode2(string args, string message)
    {
        var run = SampleRun.Of(args.Split(' '));

        run.ExitCode.Should().Be(2, run.ToString());
        run.ErrorLines.Should().Equal("error: " + message);
        run.Stdout.Should().BeEmpty();
    }

    private static SampleRun Run(string command, params string[] options) => SampleRun.Of(command.Length == 0 ? options : [command, .. options]);
}
