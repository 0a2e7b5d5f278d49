using CsCheck;
using FluentAssertions;
using Xunit;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Reliability.Tests;

public sealed class ChannelShufflePropertyTests
{
    // batch, groups, channels per group, height, width
    private static readonly Gen<(int, int, int, int, int)> Shapes = Gen.Select(Gen.Int[1, 3], Gen.Int[1, 6], Gen.Int[1, 6], Gen.Int[1, 5], Gen.Int[1, 5]);

    [Fact]
    public void ChannelShuffle_AnyShapeAndGroups_MovesWholeChannelsToTheirInterleavedPlace()
    {
        Shapes.Sample((batch, groups, perGroup, height, width) =>
        {
            using var scope = NewDisposeScope();
            var channels = groups * perGroup;
            var x = arange(batch * channels * height * width, dtype: float32).view(batch, channels, height, width);

            var y = Functional.ChannelShuffle(x, groups);

            y.shape.Should().Equal(x.shape);
            y.flatten().sort().Values.allclose(x.flatten(), rtol: 0, atol: 0).Should().BeTrue("a shuffle is a permutation of the values");
            for (var output = 0; output < channels; output++)
            {
                var source = (output % groups * perGroup) + (output / groups);
                y.select(1, output).allclose(x.select(1, source), rtol: 0, atol: 0).Should().BeTrue($"output channel {output} should be input channel {source}");
            }
        }, iter: 150, threads: 1);
    }

    [Fact]
    public void ChannelShuffle_GroupsThenChannelsPerGroup_RestoresTheInput()
    {
        Shapes.Sample((batch, groups, perGroup, height, width) =>
        {
            using var scope = NewDisposeScope();
            var x = randn(batch, groups * perGroup, height, width);

            var restored = Functional.ChannelShuffle(Functional.ChannelShuffle(x, groups), perGroup);

            restored.allclose(x, rtol: 0, atol: 0).Should().BeTrue();
        }, iter: 150, threads: 1);
    }
}
