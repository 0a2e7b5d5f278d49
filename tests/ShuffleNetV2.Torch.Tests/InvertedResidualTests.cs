using System;
using System.Linq;
using FluentAssertions;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Tests;

public sealed class InvertedResidualTests
{
    [Fact]
    public void Forward_StrideTwo_HalvesHeightAndWidthAndProducesOutputChannels()
    {
        using var scope = NewDisposeScope();
        using var unit = new InvertedResidual(24, 116, 2);

        var output = unit.call(rand(2, 24, 56, 56));

        output.shape.Should().Equal(2, 116, 28, 28);
    }

    [Fact]
    public void Forward_StrideOne_KeepsTheShape()
    {
        using var scope = NewDisposeScope();
        using var unit = new InvertedResidual(116, 116, 1);

        var output = unit.call(rand(2, 116, 28, 28));

        output.shape.Should().Equal(2, 116, 28, 28);
    }

    [Fact]
    public void Constructor_StrideTwo_BuildsTheSeedsBranches()
    {
        using var unit = new InvertedResidual(24, 116, 2);

        var modules = unit.named_modules().ToDictionary(m => m.name, m => m.module);

        Describe(modules, "branch1").Should().Equal("Conv2d 24->24 k3 s2 p1 g24 nobias", "BatchNorm2d 24", "Conv2d 24->58 k1 s1 p0 g1 nobias", "BatchNorm2d 58", "ReLU inplace");
        Describe(modules, "branch2").Should().Equal(
            "Conv2d 24->58 k1 s1 p0 g1 nobias", "BatchNorm2d 58", "ReLU inplace",
            "Conv2d 58->58 k3 s2 p1 g58 nobias", "BatchNorm2d 58",
            "Conv2d 58->58 k1 s1 p0 g1 nobias", "BatchNorm2d 58", "ReLU inplace");
    }

    [Fact]
    public void Constructor_StrideOne_BuildsAnEmptyBranch1AndTheSeedsBranch2()
    {
        using var unit = new InvertedResidual(116, 116, 1);

        var modules = unit.named_modules().ToDictionary(m => m.name, m => m.module);

        modules["branch1"].Should().BeOfType<Sequential>().Which.children().Should().BeEmpty();
        Describe(modules, "branch2").Should().Equal(
            "Conv2d 58->58 k1 s1 p0 g1 nobias", "BatchNorm2d 58", "ReLU inplace",
            "Conv2d 58->58 k3 s1 p1 g58 nobias", "BatchNorm2d 58",
            "Conv2d 58->58 k1 s1 p0 g1 nobias", "BatchNorm2d 58", "ReLU inplace");
    }

    [Fact]
    public void Forward_StrideOne_CallsTheEmptyBranch1OnTheFirstHalf()
    {
        using var scope = NewDisposeScope();
        using var unit = new InvertedResidual(8, 8, 1);
        var branch1 = (Sequential)unit.named_children().Single(c => c.name == "branch1").module;
        long[]? seen = null;
        var hook = branch1.register_forward_hook((_, input, _) =>
        {
            seen = input.shape;
            return null!;
        });
        var x = rand(1, 8, 4, 4);

        var output = unit.call(x);
        hook.remove();

        seen.Should().Equal(1, 4, 4, 4);
        // After the shuffle with 2 groups, the identity half lands on the even channels unchanged.
        output.index_select(1, tensor(new long[] { 0, 2, 4, 6 })).allclose(x.narrow(1, 0, 4)).Should().BeTrue();
    }

    [Theory]
    [InlineData(0, 116, 2, "inputC", "inputC must be positive, got 0")]
    [InlineData(-24, 116, 2, "inputC", "inputC must be positive, got -24")]
    [InlineData(24, 115, 2, "outputC", "outputC must be positive and even*got 115")]
    [InlineData(24, 0, 2, "outputC", "outputC must be positive and even*got 0")]
    [InlineData(24, 116, 3, "stride", "stride must be 1 or 2, got 3")]
    [InlineData(24, 116, 0, "stride", "stride must be 1 or 2, got 0")]
    [InlineData(24, 116, 1, "inputC", "*inputC must equal outputC*inputC 24 and outputC 116*")]
    public void Constructor_InvalidArguments_ThrowArgumentExceptionNamingTheValue(long inputC, long outputC, long stride, string parameter, string message)
    {
        var act = () => new InvertedResidual(inputC, outputC, stride);

        act.Should().Throw<ArgumentException>().WithMessage(message + "*").Which.ParamName.Should().Be(parameter);
    }

    private static string[] Describe(System.Collections.Generic.Dictionary<string, nn.Module> modules, string branch) =>
        ((Sequential)modules[branch]).children().Select(Describe).ToArray();

    private static string Describe(nn.Module module) => module switch
    {
        Conv2d c => $"Conv2d {c.in_channels}->{c.out_channels} k{c.kernel_size[0]} s{c.stride[0]} p{c.padding![0]} g{c.groups} {(c.bias is null ? "nobias" : "bias")}",
        BatchNorm2d b => $"BatchNorm2d {b.num_features}",
        ReLU r => r.inplace ? "ReLU inplace" : "ReLU",
        _ => module.GetType().Name,
    };
}
