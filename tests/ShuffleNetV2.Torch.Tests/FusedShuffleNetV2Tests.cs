using System;
using System.Collections.Generic;
using System.Linq;
using FluentAssertions;
using ShuffleNet.Torch.Measurement;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Tests;

public sealed class FusedShuffleNetV2Tests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(ShuffleNetV2Width.X0_5)]
    [InlineData(ShuffleNetV2Width.X1_0)]
    [InlineData(ShuffleNetV2Width.X1_5)]
    [InlineData(ShuffleNetV2Width.X2_0)]
    public void FuseForInference_EachWidthWithTrainedStatistics_MatchesTheUnfusedEvalForwardWithin1e5(ShuffleNetV2Width width)
    {
        using var scope = NewDisposeScope();
        manual_seed(11);
        using var model = ShuffleNetV2.Create(width);
        TrainedLikeBatchNorm.Apply(model, seed: 5);
        model.eval();
        var x = rand(2, 3, 224, 224);
        using var noGrad = no_grad();
        var expected = model.call(x);

        using var fused = model.FuseForInference();
        var actual = fused.call(x);

        var maxAbsDiff = (actual - expected).abs().max().item<float>();
        output.WriteLine($"{width}: max |fused - unfused| = {maxAbsDiff:E2}, max |unfused| = {expected.abs().max().item<float>():F3}");
        actual.shape.Should().Equal(2, 1000);
        maxAbsDiff.Should().BeLessThan(1e-5f);
    }

    [Fact]
    public void Perturb_TestStatistics_ChangeTheEvalOutputFarBeyondTheTolerance()
    {
        using var scope = NewDisposeScope();
        manual_seed(11);
        using var initial = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5);
        manual_seed(11);
        using var perturbed = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5);
        TrainedLikeBatchNorm.Apply(perturbed, seed: 5);
        initial.eval();
        perturbed.eval();
        var x = rand(1, 3, 64, 64);
        using var noGrad = no_grad();

        var difference = (perturbed.call(x) - initial.call(x)).abs().max().item<float>();

        difference.Should().BeGreaterThan(1e-2f, "the statistics must matter to the output, or the fused-equals-unfused tests prove little");
    }

    [Fact]
    public void FuseForInference_CustomArchitecture_MatchesTheUnfusedEvalForward()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var model = ShuffleNetV2.Create([1, 2, 1], [8, 16, 32, 64, 128], numClasses: 10);
        TrainedLikeBatchNorm.Apply(model, seed: 9);
        model.eval();
        var x = rand(3, 3, 97, 131);
        using var noGrad = no_grad();

        using var fused = model.FuseForInference();

        fused.NumClasses.Should().Be(10);
        fused.Architecture.Should().Be(model.Architecture);
        fused.call(x).allclose(model.call(x), rtol: 0, atol: 1e-5).Should().BeTrue();
    }

    [Fact]
    public void FuseForInference_SourceInTrainingMode_FoldsTheRunningStatisticsAndLeavesTheModeAlone()
    {
        using var scope = NewDisposeScope();
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5);
        TrainedLikeBatchNorm.Apply(model, seed: 1);
        model.train();

        using var fused = model.FuseForInference();
        model.training.Should().BeTrue();
        model.eval();
        var x = rand(1, 3, 64, 64);
        using var noGrad = no_grad();

        fused.call(x).allclose(model.call(x), rtol: 0, atol: 1e-5).Should().BeTrue();
    }

    [Fact]
    public void FuseForInference_Always_LeavesTheSourceUnchangedAndIndependent()
    {
        using var scope = NewDisposeScope();
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5);
        TrainedLikeBatchNorm.Apply(model, seed: 2);
        model.eval();
        var before = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        var x = rand(1, 3, 64, 64);
        using var noGrad = no_grad();
        var expected = model.call(x);

        var fused = model.FuseForInference();
        fused.call(x);
        fused.Dispose();

        model.state_dict().Keys.Should().BeEquivalentTo(before.Keys);
        model.state_dict().Where(kv => !kv.Value.equal(before[kv.Key]).all().item<bool>()).Select(kv => kv.Key).Should().BeEmpty();
        model.call(x).allclose(expected, rtol: 0, atol: 0).Should().BeTrue("the source must still run after the fused copy is disposed");
    }

    [Fact]
    public void FuseForInference_SeedModel_KeepsTheSeedsNamesWithoutTheBatchNorms()
    {
        using var model = new ShuffleNetV2();
        using var fused = model.FuseForInference();

        var names = fused.named_modules().Select(m => m.name).ToHashSet();

        fused.named_children().Select(c => c.name).Should().Equal("conv1", "maxpool", "inverted_block", "conv5", "fc");
        Children(fused, "conv1").Should().Equal("0", "2");
        Children(fused, "conv5").Should().Equal("0", "2");
        Children(fused, "inverted_block.0.branch1").Should().Equal("0", "2", "4");
        Children(fused, "inverted_block.0.branch2").Should().Equal("0", "2", "3", "5", "7");
        Children(fused, "inverted_block.1.branch1").Should().BeEmpty();
        Children(fused, "inverted_block.1.branch2").Should().Equal("0", "2", "3", "5", "7");
        names.Should().Contain(["inverted_block.15.branch2.7", "conv1.0", "fc"]);
        fused.modules().OfType<BatchNorm2d>().Should().BeEmpty();
    }

    [Fact]
    public void FuseForInference_SeedModel_EveryConvolutionHasABiasAndTheUnitsKeepTheirStrides()
    {
        using var model = new ShuffleNetV2();
        using var fused = model.FuseForInference();

        var keys = fused.state_dict().Keys.ToList();
        var convolutions = fused.modules().OfType<Conv2d>().ToList();

        convolutions.Should().HaveCount(model.modules().OfType<Conv2d>().Count());
        convolutions.Where(c => c.bias is null).Should().BeEmpty();
        keys.Should().Contain(["conv1.0.weight", "conv1.0.bias", "inverted_block.0.branch1.2.bias", "conv5.0.bias", "fc.weight", "fc.bias"]);
        keys.Should().NotContain(k => k.Contains("running_", StringComparison.Ordinal));
        fused.modules().OfType<InvertedResidual>().Select(u => u.Stride).Should().Equal(model.modules().OfType<InvertedResidual>().Select(u => u.Stride));
    }

    [Fact]
    public void FuseForInference_Always_ReturnsAnEvalModeNetworkWithoutGradients()
    {
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5);
        model.train();

        using var fused = model.FuseForInference();

        fused.training.Should().BeFalse();
        fused.modules().Should().OnlyContain(m => !m.training);
        fused.parameters().Should().OnlyContain(p => !p.requires_grad);
        model.parameters().Should().OnlyContain(p => p.requires_grad);
    }

    [Fact]
    public void FuseForInference_DoublePrecisionModel_KeepsTheDtype()
    {
        using var scope = NewDisposeScope();
        using var model = ShuffleNetV2.Create([1, 1, 1], [8, 16, 32, 64, 128], numClasses: 5);
        TrainedLikeBatchNorm.Apply(model, seed: 4);
        model.to(float64);
        model.eval();
        var x = rand(2, 3, 32, 32, dtype: float64);
        using var noGrad = no_grad();

        using var fused = model.FuseForInference();

        fused.parameters().Should().OnlyContain(p => p.dtype == ScalarType.Float64);
        fused.call(x).allclose(model.call(x), rtol: 0, atol: 1e-12).Should().BeTrue();
    }

    [Fact]
    public void Forward_LeafHooks_SeeEveryRemainingLayerOnce()
    {
        using var scope = NewDisposeScope();
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5);
        using var fused = model.FuseForInference();
        var leaves = fused.named_modules().Where(m => !m.module.children().Any()).ToList();
        var seen = new List<string>();
        var handles = leaves.Select(leaf => ((nn.Module<Tensor, Tensor>)leaf.module).register_forward_hook((_, _, _) =>
        {
            seen.Add(leaf.name);
            return null!;
        })).ToList();

        using (no_grad())
        {
            fused.call(rand(1, 3, 64, 64));
        }

        handles.ForEach(h => h.remove());
        seen.Should().BeEquivalentTo(leaves.Select(l => l.name));
    }

    [Fact]
    public void Forward_TrainingMode_ThrowsSayingItIsInferenceOnly()
    {
        using var scope = NewDisposeScope();
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5);
        using var fused = model.FuseForInference();
        fused.train();

        var act = () => fused.call(rand(1, 3, 64, 64));

        act.Should().Throw<InvalidOperationException>().WithMessage("*inference-only*training mode*eval()*");
    }

    [Fact]
    public void Forward_WrongInputShape_ThrowsNamingTheShape()
    {
        using var scope = NewDisposeScope();
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5);
        using var fused = model.FuseForInference();

        var act = () => fused.call(rand(1, 4, 64, 64));

        act.Should().Throw<ArgumentException>().WithMessage("FusedShuffleNetV2 needs input of shape [batch, 3, height, width], got [1, 4, 64, 64]*").Which.ParamName.Should().Be("input");
    }

    [Fact]
    public void Forward_InADisposeScope_LeavesNoNativeTensorAlive()
    {
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5);
        using var fused = model.FuseForInference();
        using var noGrad = no_grad();
        var x = rand(1, 3, 64, 64);
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        using (var scope = NewDisposeScope())
        {
            fused.call(x);
            DisposeScopeManager.Statistics.ThreadTotalLiveCount.Should().Be(before + 1, "only the output is alive inside the scope");
        }

        DisposeScopeManager.Statistics.ThreadTotalLiveCount.Should().Be(before);
        x.Dispose();
    }

    [Fact]
    public void FuseForInference_DisposedModel_ThrowsObjectDisposedException()
    {
        var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5);
        model.Dispose();

        var act = () => model.FuseForInference();

        act.Should().Throw<ObjectDisposedException>().WithMessage("*ShuffleNetV2*");
    }

    [Fact]
    public void Forward_AfterDispose_ThrowsObjectDisposedException()
    {
        using var scope = NewDisposeScope();
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5);
        var fused = model.FuseForInference();
        fused.Dispose();

        var act = () => fused.call(rand(1, 3, 64, 64));

        act.Should().Throw<ObjectDisposedException>();
    }

    private static string[] Children(nn.Module model, string path) =>
        model.named_modules().Single(m => m.name == path).module.named_children().Select(c => c.name).ToArray();
}
