using FluentAssertions;
using TorchTraining.Runs;
using TorchTraining.Tests.Support;
using Xunit;

namespace TorchTraining.Tests.Runs;

/// <summary>A training run hands its trainer the channels-last setting it was given, and leaves it off by default.</summary>
public sealed class RunChannelsLastTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Prepare_ChannelsLast_ReachesTheTrainersOptions(bool channelsLast)
    {
        using var root = new TempFolder();
        var options = RunData.Options(root.File("run")) with { ChannelsLast = channelsLast };

        var run = TrainingRun.Prepare(options, ShuffleNetV2TrainingTests.Tiny());

        run.TrainingOptions.ChannelsLast.Should().Be(channelsLast);
    }

    [Fact]
    public void Options_ByDefault_ChannelsLastOff() =>
        new TrainingRunOptions { DataPath = "data", OutputFolder = "run" }.ChannelsLast.Should().BeFalse("a generic network may not keep the layout in every layer");
}
