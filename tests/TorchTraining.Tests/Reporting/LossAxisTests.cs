using System.Linq;
using FluentAssertions;
using TorchTraining.Reporting;
using Xunit;

namespace TorchTraining.Tests.Reporting;

/// <summary>The loss panel's range: set by the bulk of the losses, with a diverged value named instead of drawn to scale.</summary>
public sealed class LossAxisTests
{
    [Fact]
    public void For_OrdinaryHistory_CoversEveryLossWithNothingOffTheScale()
    {
        var history = ChartTests.History(8, ema: true);
        var highest = history.Max(r => new[] { r.TrainLoss, r.TestLoss, r.EmaTestLoss!.Value }.Max());

        var (upper, offScale) = LossAxis.For(history);

        upper.Should().BeApproximately(highest * 1.1, 1e-12);
        offScale.Should().BeEmpty();
        LossAxis.Title(offScale).Should().Be("Loss");
    }

    [Fact]
    public void For_OneDivergedTestLoss_AxisSetByTheOthersAndTheTitleNamesTheOutlier()
    {
        var history = ChartTests.History(8, ema: false);
        history[2] = history[2] with { TestLoss = 69_000 };
        var highestOther = history.Where((_, i) => i != 2).Max(r => System.Math.Max(r.TrainLoss, r.TestLoss));

        var (upper, offScale) = LossAxis.For(history);

        upper.Should().BeLessThan(10, "the training curve must stay readable");
        upper.Should().BeGreaterThanOrEqualTo(history[2].TrainLoss);
        upper.Should().BeApproximately(System.Math.Max(highestOther, history[2].TrainLoss) * 1.1, 1e-12);
        offScale.Should().ContainSingle().Which.Should().Be((3, "test", 69_000.0));
        LossAxis.Title(offScale).Should().Be("Loss (off the scale: test 69,000 at epoch 3)");
    }

    [Fact]
    public void ToPng_DivergedTestLoss_DiffersFromTheSameHistoryWithoutIt()
    {
        var history = ChartTests.History(6, ema: false);
        var diverged = history.ToArray();
        diverged[4] = diverged[4] with { TestLoss = 5_000 };

        TrainingCurvesChart.ToPng(diverged, 600, 300).Should().NotEqual(TrainingCurvesChart.ToPng(history, 600, 300));
    }
}
