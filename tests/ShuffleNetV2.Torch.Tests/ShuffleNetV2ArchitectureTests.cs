using System;
using FluentAssertions;
using Xunit;

namespace ShuffleNet.Torch.Tests;

public sealed class ShuffleNetV2ArchitectureTests
{
    [Theory]
    [InlineData(ShuffleNetV2Width.X0_5, new long[] { 24, 48, 96, 192, 1024 })]
    [InlineData(ShuffleNetV2Width.X1_0, new long[] { 24, 116, 232, 464, 1024 })]
    [InlineData(ShuffleNetV2Width.X1_5, new long[] { 24, 176, 352, 704, 1024 })]
    [InlineData(ShuffleNetV2Width.X2_0, new long[] { 24, 244, 488, 976, 2048 })]
    public void For_EachWidth_IsTorchvisionsTable(ShuffleNetV2Width width, long[] channels)
    {
        var architecture = ShuffleNetV2Architecture.For(width);

        architecture.StagesRepeats.Should().Equal(4, 8, 4);
        architecture.StagesOutChannels.Should().Equal(channels);
        architecture.Width.Should().Be(width);
        architecture.UnitCount.Should().Be(16);
    }

    [Fact]
    public void Create_SameNumbersAsAPreset_EqualsThePreset()
    {
        ShuffleNetV2Architecture.Create([4, 8, 4], [24, 116, 232, 464, 1024]).Should().Be(ShuffleNetV2Architecture.X1_0);
    }

    [Theory]
    [InlineData(new[] { 4, 8 }, new long[] { 24, 116, 232, 464, 1024 }, "stagesRepeats", "*needs 3 values*got 2*")]
    [InlineData(new[] { 4, 0, 4 }, new long[] { 24, 116, 232, 464, 1024 }, "stagesRepeats", "*positive*[4, 0, 4]*")]
    [InlineData(new[] { 4, 8, 4 }, new long[] { 24, 116, 232, 464 }, "stagesOutChannels", "*needs 5 values*got 4*")]
    [InlineData(new[] { 4, 8, 4 }, new long[] { 24, 115, 232, 464, 1024 }, "stagesOutChannels", "*even*[24, 115, 232, 464, 1024]*")]
    [InlineData(new[] { 4, 8, 4 }, new long[] { 24, 116, -232, 464, 1024 }, "stagesOutChannels", "*positive*[24, 116, -232, 464, 1024]*")]
    public void Create_InvalidLists_ThrowNamingTheValues(int[] repeats, long[] channels, string parameter, string message)
    {
        var act = () => ShuffleNetV2Architecture.Create(repeats, channels);

        act.Should().Throw<ArgumentException>().WithMessage(message).Which.ParamName.Should().Be(parameter);
    }
}
