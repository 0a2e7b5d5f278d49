using System;
using System.IO;
using FluentAssertions;
using TorchTraining.Metrics;
using TorchTraining.Reporting;
using Xunit;

namespace TorchTraining.Tests.Reporting;

/// <summary>Plain progress lines: the first step, then one per interval within an epoch, and one per finished epoch.</summary>
public sealed class TextProgressObserverTests
{
    [Fact]
    public void OnStep_FirstStepThenWithinTheInterval_OneLineWithStepLossSpeedAndTimeLeft()
    {
        using var text = new StringWriter();
        var observer = new TextProgressObserver(text, TimeSpan.FromHours(1));

        observer.OnStep(new TrainingProgress(0, 2, 1, 4, 32, 128, 2.5, 2.25, 0.1, TimeSpan.FromSeconds(2)));
        observer.OnStep(new TrainingProgress(0, 2, 2, 4, 64, 128, 2.4, 2.2, 0.1, TimeSpan.FromSeconds(4)));

        text.ToString().Should().Be("epoch 1/2: step 1/4 (25.00%), loss 2.2500, 16 images/s, epoch time left 0:06" + Environment.NewLine);
    }

    [Fact]
    public void OnStep_IntervalPassed_AnotherLine()
    {
        using var text = new StringWriter();
        var observer = new TextProgressObserver(text, TimeSpan.Zero);

        observer.OnStep(new TrainingProgress(0, 1, 1, 2, 8, 16, 1, 1, 0.1, TimeSpan.FromSeconds(1)));
        observer.OnStep(new TrainingProgress(0, 1, 2, 2, 16, 16, 1, 1, 0.1, TimeSpan.FromSeconds(2)));

        text.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(2);
    }

    [Fact]
    public void OnEpochCompleted_BestEpoch_OneLineWithTrainAndTestMetrics()
    {
        using var text = new StringWriter();
        var observer = new TextProgressObserver(text);
        var evaluation = new EvaluationResult(10, 0.5, 6, 9, 5, [0.6, 0.6], new ConfusionMatrix(2, [3, 2, 2, 3]));
        var record = new EpochRecord
        {
            Epoch = 2, TrainLoss = 0.75, TrainTop1 = 0.558, TestLoss = 0.5, TestTop1 = 0.6, TestTop5 = 0.9, ImagesPerSecond = 123.4, Seconds = 9.87, LearningRate = 0.05,
        };

        observer.OnEpochCompleted(new EpochSummary(record, evaluation, null, IsBest: true, null));

        text.ToString().Should().Be(
            "epoch 3 done: train loss 0.7500, top-1 55.80% | test loss 0.5000, top-1 60.00%, top-5 90.00% | 123 images/s, 9.9 s, lr 0.05, best so far" + Environment.NewLine);
    }
}
