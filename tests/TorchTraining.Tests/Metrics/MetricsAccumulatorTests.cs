using System;
using FluentAssertions;
using TorchTraining.Metrics;
using Xunit;
using static TorchSharp.torch;

namespace TorchTraining.Tests.Metrics;

/// <summary>Top-1, top-5, per-class accuracy, confusion matrix and loss on hand-made logits.</summary>
public sealed class MetricsAccumulatorTests
{
    // Six classes. Labels 0, 1 | 2, 2, 5 in two batches:
    //   image 0: class 0 scores highest                      -> top-1 hit
    //   image 1: class 3 highest, class 1 second             -> top-1 miss (predicted 3), top-5 hit
    //   image 2: class 4 highest, class 2 lowest of six      -> top-1 miss (predicted 4), top-5 miss
    //   image 3: class 2 highest                             -> top-1 hit
    //   image 4: class 0 highest, class 5 third              -> top-1 miss (predicted 0), top-5 hit
    private static readonly float[] First =
    [
        9, 1, 2, 3, 4, 5,
        1, 8, 2, 9, 3, 4,
    ];

    private static readonly float[] Second =
    [
        5, 4, 0, 3, 9, 2,
        1, 2, 9, 3, 4, 5,
        9, 1, 2, 3, 4, 7,
    ];

    [Fact]
    public void Result_HandMadeLogitsInTwoBatches_CountsAsDerivedByHand()
    {
        using var accumulator = new MetricsAccumulator();
        using (var logits = tensor(First, [2, 6]))
        using (var labels = tensor(new long[] { 0, 1 }))
        {
            accumulator.Add(logits, labels, meanLoss: 1.0);
        }

        using (var logits = tensor(Second, [3, 6]))
        using (var labels = tensor(new long[] { 2, 2, 5 }))
        {
            accumulator.Add(logits, labels, meanLoss: 2.0);
        }

        var result = accumulator.Result();

        result.Count.Should().Be(5);
        result.Top1.Should().Be(2.0 / 5);
        result.TopK.Should().Be(5);
        result.TopKAccuracy.Should().Be(4.0 / 5);
        result.Loss.Should().Be(((1.0 * 2) + (2.0 * 3)) / 5);
        result.PerClassAccuracy.Should().Equal([1.0, 0.0, 0.5, double.NaN, double.NaN, 0.0], (a, e) => a.Equals(e));
        result.Confusion.ClassCount.Should().Be(6);
        result.Confusion[0, 0].Should().Be(1);
        result.Confusion[1, 3].Should().Be(1);
        result.Confusion[2, 4].Should().Be(1);
        result.Confusion[2, 2].Should().Be(1);
        result.Confusion[5, 0].Should().Be(1);
        result.Confusion.Row(2).Should().Equal(0, 0, 1, 0, 1, 0);
        result.Confusion.Row(3).Should().Equal(0, 0, 0, 0, 0, 0);
    }

    [Fact]
    public void Result_FewerThanFiveClasses_TopKIsCappedAtTheClassCount()
    {
        using var accumulator = new MetricsAccumulator();
        using var logits = tensor(new float[] { 3, 2, 1, 1, 2, 3 }, [2, 3]);
        using var labels = tensor(new long[] { 2, 2 });

        accumulator.Add(logits, labels, meanLoss: 0);
        var result = accumulator.Result();

        result.TopK.Should().Be(3);
        result.TopKAccuracy.Should().Be(1.0);
        result.Top1.Should().Be(0.5);
    }

    [Fact]
    public void CheckLabels_LabelOutOfRange_ThrowsNamingTheRange()
    {
        using var logits = zeros(2, 3);
        using var labels = tensor(new long[] { 0, 3 });

        var act = () => MetricsAccumulator.CheckLabels(logits, labels);

        act.Should().Throw<ArgumentException>().WithMessage("A label is outside [0, 3) (labels from 0 to 3) for a model with 3 classes.*");
    }
}
