using System;
using System.Linq;
using System.Text.RegularExpressions;
using FluentAssertions;
using Xunit;

namespace ShuffleNet.Torch.Sample.Tests;

/// <summary>No arguments: the reference model's main job, printed as torchstat prints it.</summary>
public sealed class DefaultRunTests
{
    /// <summary>torchstat's duration[%] column: wall-clock time, different on every run.</summary>
    private const string Duration = @" +\d+\.\d{2}%";

    private static readonly Lazy<SampleRun> Default = new(() => SampleRun.Of());

    [Fact]
    public void Run_NoArguments_ExitsZeroWithoutErrors()
    {
        Default.Value.ExitCode.Should().Be(0, Default.Value.ToString());
        Default.Value.Stderr.Should().BeEmpty();
    }

    [Fact]
    public void Run_NoArguments_FirstLineIsTheSeedsOutputShape()
    {
        Default.Value.Lines[0].Should().Be("[4, 1000]");
    }

    [Fact]
    public void Run_NoArguments_PrintsTorchstatsTableOfTheOneXModel()
    {
        var lines = Default.Value.Lines;
        lines[1].Should().MatchRegex(@"^\s+module name\s+input shape\s+output shape\s+params\s+memory\(MB\)\s+MAdd\s+Flops\s+MemRead\(B\)\s+MemWrite\(B\)\s+duration\[%\]\s+MemR\+W\(B\)$");
        lines[2].Should().MatchRegex(@"^0\s+conv1\.0\s+3 224 224\s+24 112 112\s+648\.0\s");
        lines.Count(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\d+\s")).Should().Be(164);
        lines.Should().Contain(l => l.StartsWith("total ", StringComparison.Ordinal) && l.Contains("2278604.0", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_NoArguments_PrintsTheTotalsBlockExactly()
    {
        var lines = Default.Value.Lines;
        var start = Array.IndexOf(lines, "Total params: 2,278,604");
        start.Should().BePositive();
        lines[start - 1].Should().MatchRegex("^=+$");
        lines[start + 1].Should().MatchRegex("^-+$");
        lines.Skip(start + 2).Take(5).Should().Equal(
            "Total memory: 22.10MB",
            "Total MAdd: 297.76MMAdd",
            "Total Flops: 150.6MFlops",
            "Total MemR+W: 51.57MB",
            lines[start + 1]);
    }

    [Fact]
    public void Run_NoArguments_EndsWithTheMacsAndBatchNotes()
    {
        var lines = Default.Value.Lines;
        lines.Should().Contain("Total MACs: 144.91M (144,907,992 multiply-accumulates of convolution and linear layers: the papers' and torchvision's \"FLOPs\")");
        lines.Should().Contain(l => l.StartsWith("Input [1, 3, 224, 224] float32 on cpu, batch 1:", StringComparison.Ordinal));
        Default.Value.Stdout.Should().EndWith("\n");
    }

    [Fact]
    public void Run_StatsWithoutOptions_PrintsWhatNoArgumentsPrintApartFromTheDurations()
    {
        var stats = SampleRun.Of("stats");

        stats.ExitCode.Should().Be(0, stats.ToString());
        Regex.Matches(Default.Value.Stdout, Duration).Should().HaveCount(165, "one duration per layer row and one in the total row");
        Regex.Replace(stats.Stdout, Duration, " <duration>").Should().Be(Regex.Replace(Default.Value.Stdout, Duration, " <duration>"));
    }
}
