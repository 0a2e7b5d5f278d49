using System.Collections.Generic;
using System.Linq;
using FluentAssertions;
using ShuffleNet.Torch.Measurement;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Tests;

/// <summary>
/// Channels-last activations (<see cref="ShuffleNetV2Base.ChannelsLast"/>) and channels-last inputs: the same outputs as
/// the contiguous network, the layout kept through every layer, and the parameters untouched.
/// </summary>
public sealed class ChannelsLastTests(ITestOutputHelper output)
{
    // Unfolded against unfolded: the same arithmetic in other oneDNN kernels (the fused tests allow 1e-5 for folding).
    private const float Tolerance = 1e-5f;

    [Theory]
    [InlineData(ShuffleNetV2Width.X0_5)]
    [InlineData(ShuffleNetV2Width.X1_0)]
    [InlineData(ShuffleNetV2Width.X1_5)]
    [InlineData(ShuffleNetV2Width.X2_0)]
    public void ChannelsLast_EachWidthWithTrainedStatistics_GivesTheContiguousNetworksLogits(ShuffleNetV2Width width)
    {
        using var scope = NewDisposeScope();
        manual_seed(21);
        using var model = ShuffleNetV2.Create(width);
        TrainedLikeBatchNorm.Apply(model, seed: 4);
        model.eval();
        var x = rand(2, 3, 224, 224);
        using var noGrad = no_grad();
        var expected = model.call(x);

        model.ChannelsLast = true;
        var actual = model.call(x);

        var maxAbsDiff = (actual - expected).abs().max().item<float>();
        output.WriteLine($"{width}: max |channels-last - contiguous| = {maxAbsDiff:E2}, max |logit| = {expected.abs().max().item<float>():F3}");
        maxAbsDiff.Should().BeLessThan(Tolerance);
    }

    [Fact]
    public void ChannelsLast_Fused_MatchesTheUnfusedContiguousForwardAndIsInherited()
    {
        using var scope = NewDisposeScope();
        manual_seed(22);
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X1_0);
        TrainedLikeBatchNorm.Apply(model, seed: 6);
        model.eval();
        var x = rand(3, 3, 160, 192);
        using var noGrad = no_grad();
        var expected = model.call(x);

        model.ChannelsLast = true;
        using var fused = model.FuseForInference();

        fused.ChannelsLast.Should().BeTrue();
        (fused.call(x) - expected).abs().max().item<float>().Should().BeLessThan(Tolerance);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ChannelsLast_EveryLayersOutputIsChannelsLast_OnlyWhenAsked(bool channelsLast)
    {
        using var scope = NewDisposeScope();
        using var model = ShuffleNetV2.Create([2, 2, 2], [8, 16, 32, 64, 128], numClasses: 10);
        model.eval();
        model.ChannelsLast = channelsLast;
        var layouts = new List<bool>();
        foreach (var (_, module) in model.named_modules())
        {
            // Layers and units; a stride-1 unit's empty branch1 is the identity on a channel slice, which is no layout's dense form.
            if (module is nn.Module<Tensor, Tensor> layer && module is not TorchSharp.Modules.Sequential && (!module.children().Any() || module is InvertedResidual))
            {
                layer.register_forward_hook((_, _, result) =>
                {
                    if (result.dim() == 4)
                    {
                        layouts.Add(IsChannelsLast(result));
                    }

                    return null!;
                });
            }
        }

        using var noGrad = no_grad();
        model.call(rand(2, 3, 64, 64));

        layouts.Should().HaveCountGreaterThan(30);
        layouts.Should().AllBeEquivalentTo(channelsLast);
    }

    [Fact]
    public void ChannelsLast_Training_GivesTheContiguousNetworksLossAndGradients()
    {
        using var scope = NewDisposeScope();
        manual_seed(23);
        using var contiguousModel = ShuffleNetV2.Create([1, 2, 1], [8, 16, 32, 64, 128], numClasses: 10);
        using var channelsLastModel = ShuffleNetV2.Create([1, 2, 1], [8, 16, 32, 64, 128], numClasses: 10);
        channelsLastModel.load_state_dict(contiguousModel.state_dict());
        channelsLastModel.ChannelsLast = true;
        var x = rand(4, 3, 64, 64);
        var labels = tensor(new long[] { 1, 3, 5, 7 });

        var expectedLoss = nn.functional.cross_entropy(contiguousModel.call(x), labels);
        expectedLoss.backward();
        var actualLoss = nn.functional.cross_entropy(channelsLastModel.call(x), labels);
        actualLoss.backward();

        (actualLoss - expectedLoss).abs().item<float>().Should().BeLessThan(Tolerance);
        var expectedGradients = contiguousModel.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!);
        foreach (var (name, parameter) in channelsLastModel.named_parameters())
        {
            var difference = (parameter.grad! - expectedGradients[name]).abs().max().item<float>();
            difference.Should().BeLessThan(1e-4f, $"the gradient of {name}");
            parameter.is_contiguous().Should().BeTrue($"{name} keeps its layout");
        }
    }

    [Fact]
    public void Forward_ChannelsLastInputToTheDefaultNetwork_GivesTheContiguousInputsLogits()
    {
        // An NHWC buffer seen as NCHW through permute: the layout then flows through the units' shuffles.
        using var scope = NewDisposeScope();
        manual_seed(24);
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5);
        model.eval();
        var x = rand(2, 3, 96, 96);
        var channelsLastInput = x.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);
        using var noGrad = no_grad();

        var actual = model.call(channelsLastInput);

        (actual - model.call(x)).abs().max().item<float>().Should().BeLessThan(Tolerance);
    }

    private static bool IsChannelsLast(Tensor x)
    {
        var (shape, strides) = (x.shape, x.stride());
        return strides[1] == 1 && strides[3] == shape[1] && strides[2] == shape[1] * shape[3] && strides[0] == shape[1] * shape[2] * shape[3];
    }
}
