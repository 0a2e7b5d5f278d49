using System.Linq;
using FluentAssertions;
using Xunit;

namespace ShuffleNet.Torch.Sample.Tests.Programs;

/// <summary>samples/QuickStart: a network, a batch, torchstat's table.</summary>
public sealed class QuickStartTests
{
    [Fact]
    public void Run_HalfWidth_PrintsTheOutputShapeTheTableAndTheTotals()
    {
        var run = ProgramRun.Of("QuickStart", "0.5");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Lines[0].Should().Be("output shape: [4, 1000]");
        run.Lines[1].Should().MatchRegex(@"^most probable class of image 0: \d+ \(\d+\.\d %; random weights\)$");
        run.Lines.Should().Contain("Total params: 1,366,792").And.Contain(l => l.Contains("conv1.0", System.StringComparison.Ordinal));
        run.Lines.Last().Should().Be("0.5x: 1,366,792 parameters, 40.48 million multiply-accumulates per image");
    }

    [Fact]
    public void Run_UnknownWidth_SaysSoWithExitCode2()
    {
        var run = ProgramRun.Of("QuickStart", "0.7");

        run.ExitCode.Should().Be(2);
        run.Stderr.Should().Contain("'0.7' is no width");
        run.Stdout.Should().BeEmpty();
    }
}
