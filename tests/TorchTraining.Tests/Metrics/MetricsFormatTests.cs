using FluentAssertions;
using TorchTraining.Metrics;
using Xunit;

namespace TorchTraining.Tests.Metrics;

public sealed class MetricsFormatTests
{
    private static readonly EpochRecord[] Records =
    [
        new() { Epoch = 0, TrainLoss = 1.25, TrainTop1 = 0.5, TestLoss = 1.0, TestTop1 = 0.625, TestTop5 = 1, LearningRate = 0.1, ImagesPerSecond = 200, TrainSeconds = 1.5, Seconds = 2 },
        new() { Epoch = 1, TrainLoss = 0.75, TrainTop1 = 0.75, TestLoss = 0.5, TestTop1 = 0.875, TestTop5 = 1, EmaTestLoss = 0.625, EmaTestTop1 = 0.8125, EmaTestTop5 = 1, LearningRate = 0.05, ImagesPerSecond = 210.5, TrainSeconds = 1.25, Seconds = 1.75 },
    ];

    [Fact]
    public void ToCsv_TwoEpochs_HeaderAndOneRowEach()
    {
        MetricsFormat.ToCsv(Records).Should().Be(
            "epoch,train_loss,train_top1,test_loss,test_top1,test_top5,ema_test_loss,ema_test_top1,ema_test_top5,learning_rate,images_per_second,train_seconds,seconds\n" +
            "0,1.25,0.5,1,0.625,1,,,,0.1,200,1.5,2\n" +
            "1,0.75,0.75,0.5,0.875,1,0.625,0.8125,1,0.05,210.5,1.25,1.75\n");
    }

    [Fact]
    public void ToJsonLines_OneObjectPerLine_RoundTrips()
    {
        var text = MetricsFormat.ToJsonLines(Records);

        text.Split('\n', System.StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(2);
        text.Should().StartWith("{\"epoch\":0,\"train_loss\":1.25,\"train_top1\":0.5,\"test_loss\":1,\"test_top1\":0.625,");
        MetricsFormat.ParseJsonLines(text).Should().Equal(Records);
    }
}
