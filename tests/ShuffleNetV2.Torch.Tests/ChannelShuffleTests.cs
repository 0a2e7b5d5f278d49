using System;
using FluentAssertions;
using Xunit;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Tests;

public sealed class ChannelShuffleTests
{
    [Fact]
    public void ChannelShuffle_SeedExample_InterleavesTheThreeGroups()
    {
        using var scope = NewDisposeScope();
        var x = arange(1, 13, dtype: float32).view(1, 12, 1, 1);

        var shuffled = Functional.ChannelShuffle(x, 3);

        shuffled.shape.Should().Equal(1, 12, 1, 1);
        shuffled.flatten().data<float>().ToArray().Should().Equal(1, 5, 9, 2, 6, 10, 3, 7, 11, 4, 8, 12);
    }

    [Fact]
    public void ChannelShuffle_MatchesTorchSharpsOwnChannelShuffle()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        var x = randn(2, 12, 5, 7);

        var ours = Functional.ChannelShuffle(x, 4);

        ours.allclose(x.channel_shuffle(4), rtol: 0, atol: 0).Should().BeTrue();
    }

    [Fact]
    public void ChannelShuffle_NonContiguousInput_GivesTheSameValuesAsItsContiguousCopy()
    {
        using var scope = NewDisposeScope();
        manual_seed(2);
        var x = randn(2, 5, 7, 6).permute(0, 3, 1, 2);

        var shuffled = Functional.ChannelShuffle(x, 2);

        shuffled.allclose(Functional.ChannelShuffle(x.contiguous(), 2), rtol: 0, atol: 0).Should().BeTrue();
    }

    [Fact]
    public void ConcatenateAndShuffle_ChunkedHalves_EqualsCatThenChannelShuffleInValuesAndGradients()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var input = randn(3, 16, 5, 6).requires_grad_();
        var other = randn(3, 8, 5, 6).requires_grad_();
        var halves = input.chunk(2, dim: 1);
        var weights = randn(3, 16, 5, 6);

        var fused = Functional.ConcatenateAndShuffle(halves[1], other);
        var seed = Functional.ChannelShuffle(cat([halves[1], other], dim: 1), 2);
        var fusedGradients = autograd.grad([(fused * weights).sum()], [input, other]);
        var seedGradients = autograd.grad([(seed * weights).sum()], [input, other]);

        fused.shape.Should().Equal(3, 16, 5, 6);
        fused.equal(seed).all().item<bool>().Should().BeTrue();
        fusedGradients[0].equal(seedGradients[0]).all().item<bool>().Should().BeTrue();
        fusedGradients[1].equal(seedGradients[1]).all().item<bool>().Should().BeTrue();
    }

    [Fact]
    public void ConcatenateAndShuffle_ChannelsLastBranches_GivesTheSameValuesInTheChannelsLastLayout()
    {
        using var scope = NewDisposeScope();
        manual_seed(4);
        var first = randn(3, 6, 5, 7);
        var second = randn(3, 6, 5, 7);
        static Tensor ToChannelsLast(Tensor t) => t.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);

        var shuffled = Functional.ConcatenateAndShuffle(ToChannelsLast(first), ToChannelsLast(second));

        shuffled.equal(Functional.ChannelShuffle(cat([first, second], dim: 1), 2)).all().item<bool>().Should().BeTrue();
        shuffled.stride().Should().Equal(5 * 7 * 12, 1, 7 * 12, 12);
    }

    [Fact]
    public void ConcatenateAndShuffle_OneByOneContiguousBranches_GivesTheContiguousLayout()
    {
        // A 1x1 tensor is dense in both layouts; the result must keep the contiguous strides, or libtorch would run the
        // next convolution of a network that never asked for channels-last with channels-last kernels.
        using var scope = NewDisposeScope();
        manual_seed(6);
        var first = randn(3, 6, 1, 1);
        var second = randn(3, 6, 1, 1);

        var shuffled = Functional.ConcatenateAndShuffle(first, second);

        shuffled.equal(Functional.ChannelShuffle(cat([first, second], dim: 1), 2)).all().item<bool>().Should().BeTrue();
        shuffled.stride().Should().Equal(12, 1, 1, 1);
    }

    [Fact]
    public void ConcatenateAndShuffle_ChannelSlicesOfAChannelsLastTensor_GivesTheSameValues()
    {
        // A stride-1 unit's identity half: channel slices of a channels-last input, neither layout dense.
        using var scope = NewDisposeScope();
        manual_seed(5);
        var input = randn(2, 8, 3, 4);
        var halves = input.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2).chunk(2, dim: 1);

        var shuffled = Functional.ConcatenateAndShuffle(halves[0], halves[1]);

        shuffled.equal(Functional.ChannelShuffle(input, 2)).all().item<bool>().Should().BeTrue();
    }

    [Fact]
    public void ChannelShuffle_ThreeDimensionalTensor_ThrowsNamingTheShape()
    {
        using var scope = NewDisposeScope();
        var x = zeros(12, 4, 4);

        var act = () => Functional.ChannelShuffle(x, 3);

        act.Should().Throw<ArgumentException>().WithMessage("*4-D*[12, 4, 4]*").Which.ParamName.Should().Be("x");
    }

    [Theory]
    [InlineData(5)]
    [InlineData(0)]
    [InlineData(-3)]
    public void ChannelShuffle_GroupsThatDoNotDivideTheChannels_ThrowsNamingShapeAndGroups(long groups)
    {
        using var scope = NewDisposeScope();
        var x = zeros(1, 12, 2, 2);

        var act = () => Functional.ChannelShuffle(x, groups);

        act.Should().Throw<ArgumentException>().WithMessage($"*12 channels*[1, 12, 2, 2]*{groups} equal groups*").Which.ParamName.Should().Be("groups");
    }

    [Fact]
    public void ChannelShuffle_NullTensor_ThrowsArgumentNullException()
    {
        var act = () => Functional.ChannelShuffle(null!, 2);

        act.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("x");
    }
}
