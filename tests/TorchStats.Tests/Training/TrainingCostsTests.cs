using System.Linq;
using FluentAssertions;
using TorchStats.Tests.Support;
using Xunit;
using static TorchSharp.torch;

namespace TorchStats.Tests.Training;

/// <summary>
/// Training costs on tiny nets, every number derived by hand in the comments. ChainNet on [1, 3, 4, 4]:
/// conv1 3→4 (3×3, padding 1) gives [1, 4, 4, 4], MACs 16 positions · 27 · 4 = 1,728; relu keeps the shape;
/// conv2 4→2 (1×1) gives [1, 2, 4, 4], MACs 16 · 4 · 2 = 128. Parameters 108 + 8 = 116, 464 bytes.
/// </summary>
public sealed class TrainingCostsTests
{
    private static readonly long[] Input = [1, 3, 4, 4];

    private static TrainingCostOptions Options(TrainableParameters? trainable = null, TrainingOptimizer optimizer = TrainingOptimizer.SgdMomentum, long? batch = null) => new()
    {
        Trainable = trainable ?? TrainableParameters.All,
        Optimizer = optimizer,
        Batch = batch,
        Process = ProcessOverhead.None,
    };

    [Fact]
    public void BackwardMacs_AllTrained_FirstLayerSkipsItsInputGradient()
    {
        using var model = new ChainNet();

        var costs = ModelStatistics.AnalyzeTraining(model, Input, Options());

        // conv1's input is the data: no input gradient, only its weight's (1,728). conv2: input 128 + weight 128.
        Row(costs, "conv1").Should().Match<TrainingRow>(r => r.ForwardMacs == 1728 && r.GradInputMacs == 0 && r.GradWeightMacs == 1728 && !r.InputNeedsGradient);
        Row(costs, "relu").Should().Match<TrainingRow>(r => r.ForwardMacs == 0 && r.BackwardMacs == 0 && r.InputNeedsGradient && r.Status == TrainingLayerStatus.Counted);
        Row(costs, "conv2").Should().Match<TrainingRow>(r => r.ForwardMacs == 128 && r.GradInputMacs == 128 && r.GradWeightMacs == 128 && r.InputNeedsGradient);
        costs.ForwardMacs.Should().Be(1856);
        costs.BackwardMacs.Should().Be(1984);
        costs.StepFlops.Should().Be(2 * (1856 + 1984), "FlopCounterMode counts 2 FLOPs per MAC");
        costs.TrainedParameters.Should().Be(116);
    }

    [Fact]
    public void BackwardMacs_FrozenPrefix_NothingFlowsBeforeTheFirstTrainedLayer()
    {
        using var model = new ChainNet();

        var costs = ModelStatistics.AnalyzeTraining(model, Input, Options(TrainableParameters.Prefix("conv2")));

        // conv1 (frozen, data input) and relu see no gradient; conv2's input needs none either: only its weight's 128.
        Row(costs, "conv1").Should().Match<TrainingRow>(r => r.Status == TrainingLayerStatus.NoGradient && r.BackwardMacs == 0 && r.KeptBytes == 0);
        Row(costs, "relu").Should().Match<TrainingRow>(r => r.Status == TrainingLayerStatus.NoGradient && !r.InputNeedsGradient && r.KeptBytes == 0);
        Row(costs, "conv2").Should().Match<TrainingRow>(r => r.GradInputMacs == 0 && r.GradWeightMacs == 128 && r.TrainableParameters == 8);
        costs.BackwardMacs.Should().Be(128);
        costs.TrainedParameters.Should().Be(8);

        // conv2 keeps its input (the relu output, 4·16 floats = 256 bytes). Its backward reads its output's gradient
        // (2·16 floats = 128 bytes) and writes none: 384. The forward peaks higher, at relu, whose input (conv1's output,
        // kept by nobody) and output are both alive: 256 + 256 = 512, so the transient part is 512 − 256.
        costs.Memory.KeptActivationBytes.Should().Be(256);
        costs.Memory.TransientBytes.Should().Be(256);
        costs.Memory.ActivationPeakBytes.Should().Be(512);
        costs.Memory.GradientBytes.Should().Be(32);
        costs.Memory.OptimizerStateBytes.Should().Be(32);
    }

    [Fact]
    public void BackwardMacs_OnlyTheClassifierTrained_CostsOnlyItsWeightGradient()
    {
        using var model = new ClassifierNet();

        var costs = ModelStatistics.AnalyzeTraining(model, Input, Options(TrainableParameters.Prefix("fc")));

        // fc (4→3) on the pooled [1, 4]: 12 MACs forward and 12 for its weight; its input needs no gradient. Nothing
        // before it sees a gradient, so only fc keeps anything: its input, 4 floats.
        costs.Rows.Where(r => r.Name.StartsWith("features.", System.StringComparison.Ordinal))
            .Should().OnlyContain(r => r.Status == TrainingLayerStatus.NoGradient && r.KeptBytes == 0 && r.BackwardMacs == 0);
        Row(costs, "fc").Should().Match<TrainingRow>(r => r.ForwardMacs == 12 && r.GradInputMacs == 0 && r.GradWeightMacs == 12 && r.KeptBytes == 16 && r.TrainableParameters == 15);
        costs.BackwardMacs.Should().Be(12);
        costs.ForwardMacs.Should().Be(1728 + 12);
        costs.Memory.GradientBytes.Should().Be(60, "fc's 12 + 3 parameters");

        // The frozen features keep nothing, but their forward still holds a layer's input and output: BatchNorm's
        // [1, 4, 4, 4] input and output, 256 + 256 bytes, the largest point of the step.
        costs.Memory.KeptActivationBytes.Should().Be(16);
        costs.Memory.ActivationPeakBytes.Should().Be(512);
        costs.Trainable.Should().Be("fc.*");
    }

    [Fact]
    public void BackwardMacs_AllTrained_ClassifierNet()
    {
        using var model = new ClassifierNet();

        var costs = ModelStatistics.AnalyzeTraining(model, Input, Options());

        // conv: weight only (its input is the data) 1,728; fc: input 12 + weight 12.
        costs.GradInputMacs.Should().Be(12);
        costs.GradWeightMacs.Should().Be(1728 + 12);
    }

    [Fact]
    public void Kept_ConvReluConv_TheReluOutputIsCountedOnce()
    {
        using var model = new ChainNet();

        var costs = ModelStatistics.AnalyzeTraining(model, Input, Options());

        // conv1 keeps its input, the batch (counted as the batch); relu keeps its output (4·16 floats = 256 bytes);
        // conv2 keeps its input: the same storage, so nothing more.
        Row(costs, "conv1").KeptBytes.Should().Be(0);
        Row(costs, "relu").KeptBytes.Should().Be(256);
        Row(costs, "conv2").KeptBytes.Should().Be(0);
        costs.Memory.KeptActivationBytes.Should().Be(256);
        costs.Memory.BatchBytes.Should().Be(192, "3·16 floats");
    }

    [Fact]
    public void Kept_BatchNormInPlaceReluMaxPool_PerChannelStatisticsAndIndices()
    {
        using var model = new ClassifierNet();

        var costs = ModelStatistics.AnalyzeTraining(model, Input, Options());

        // BatchNorm keeps its input (the conv output, 256 bytes) and a mean and inverse std per channel (2·4 floats);
        // the in-place ReLU keeps its output, BatchNorm's output storage (256); max-pool keeps that same storage as its
        // input (nothing more) and int64 indices of its [1, 4, 2, 2] output (16·8 = 128); fc keeps the pooled [1, 4] (16).
        Row(costs, "features.1").KeptBytes.Should().Be(256 + 32);
        Row(costs, "features.2").KeptBytes.Should().Be(256);
        Row(costs, "features.3").KeptBytes.Should().Be(128);
        Row(costs, "fc").KeptBytes.Should().Be(16);
        costs.Memory.KeptActivationBytes.Should().Be(688);

        // Per-channel statistics do not grow with the batch: at batch 10, 10·656 + 32.
        costs.ForBatch(10).Memory.KeptActivationBytes.Should().Be(6592);
    }

    [Fact]
    public void Memory_SgdMomentumAgainstAdamW()
    {
        using var model = new ChainNet();

        var sgd = ModelStatistics.AnalyzeTraining(model, Input, Options()).Memory;
        var adamW = ModelStatistics.AnalyzeTraining(model, Input, Options(optimizer: TrainingOptimizer.AdamW)).Memory;
        var plain = ModelStatistics.AnalyzeTraining(model, Input, Options(optimizer: TrainingOptimizer.Sgd)).Memory;

        // Parameters and gradients 464 each; state: plain SGD none, momentum 1 buffer, AdamW 2.
        sgd.Should().Match<TrainingMemory>(m => m.ParameterBytes == 464 && m.GradientBytes == 464 && m.OptimizerStateBytes == 464 && m.OptimizerStepTemporaryBytes == 0);
        adamW.Should().Match<TrainingMemory>(m => m.OptimizerStateBytes == 928 && m.OptimizerStepTemporaryBytes == 928);
        plain.OptimizerStateBytes.Should().Be(0);

        // Backward timeline (calls conv1, relu, conv2; the relu output, 256, kept from relu on):
        // conv1 reads its output's gradient 256 (alive: nothing yet) = 256; relu: 256 alive + 256 out + 256 in = 768;
        // conv2: 256 + 128 out + 256 in = 640. The forward's largest point is relu's: its input and output, 512.
        // Peak 768: kept 256 + gradients 512.
        sgd.TransientBytes.Should().Be(512);
        sgd.ActivationPeakBytes.Should().Be(768);

        // Peak: 464 + 464 + 464 + batch 192 + 768 = 2,352. AdamW: its step's temporaries (928) outgrow the backward's
        // peak (768) at batch 1: 464 + 464 + 928 + 192 + 928 = 2,976.
        sgd.PeakBytes.Should().Be(2352);
        adamW.PeakBytes.Should().Be(2976);
        sgd.StepBytes.Should().Be(2352 - 464 - 192);
    }

    [Fact]
    public void LargestBatch_FixedPartPlusPerImage()
    {
        using var model = new ChainNet();
        var sgd = ModelStatistics.AnalyzeTraining(model, Input, Options());
        var adamW = ModelStatistics.AnalyzeTraining(model, Input, Options(optimizer: TrainingOptimizer.AdamW));

        // SGD with momentum: fixed 3·464 = 1,392, per image batch 192 + activation peak 768 = 960.
        // (10,000 − 1,392) / 960 = 8.97: batch 8 (9,072 bytes); batch 9 needs 10,032.
        sgd.FixedBytes.Should().Be(1392);
        sgd.PerImageBytes.Should().Be(960);
        sgd.LargestBatch(10_000).Should().Be(8);
        sgd.ForBatch(8).Memory.PeakBytes.Should().Be(9072);
        sgd.ForBatch(9).Memory.PeakBytes.Should().Be(10_032);

        // In 2,900 bytes SGD fits one image (2,352) but not two (3,312); AdamW not even one (2,976).
        sgd.LargestBatch(2900).Should().Be(1);
        adamW.LargestBatch(2900).Should().Be(0);
        sgd.LargestBatch(0).Should().Be(0);
    }

    [Fact]
    public void LargestBatch_WithProcessOverhead_CountsTheRuntimeAndTheRetainedHeap()
    {
        using var model = new ChainNet();

        // Runtime 1,000 bytes; half of the kept tensors in heap blocks (all of them: 256 per image < 1 MiB).
        var costs = ModelStatistics.AnalyzeTraining(model, Input, Options().With(new ProcessOverhead(1000, 0.5, 1 << 20)));

        // Per image 960 + 128, fixed 1,392 + 1,000: (10,000 − 2,392) / 1,088 = 6.99: batch 6.
        costs.Memory.RuntimeBytes.Should().Be(1000);
        costs.Memory.AllocatorRetainedBytes.Should().Be(128);
        costs.Memory.TensorPeakBytes.Should().Be(2352);
        costs.Memory.PeakBytes.Should().Be(2352 + 1000 + 128);
        costs.LargestBatch(10_000).Should().Be(6);
    }

    [Fact]
    public void Batch_TheAnalysedBatchDoesNotChangeTheCosts()
    {
        using var model = new ClassifierNet();

        var fromOne = ModelStatistics.AnalyzeTraining(model, Input, Options(batch: 6));
        var fromThree = ModelStatistics.AnalyzeTraining(model, [3, 3, 4, 4], Options(batch: 6));

        fromOne.Batch.Should().Be(6);
        fromThree.Rows.Should().Equal(fromOne.Rows);
        fromThree.Memory.Should().Be(fromOne.Memory);
        fromOne.ForwardMacs.Should().Be(6 * 1740);
    }

    [Fact]
    public void Trainable_FromModel_FollowsRequiresGrad()
    {
        using var model = new ChainNet();
        var conv1 = model.named_parameters().Single(p => p.name == "conv1.weight").parameter;
        conv1.requires_grad = false;

        var costs = ModelStatistics.AnalyzeTraining(model, Input, Options(TrainableParameters.FromModel));

        Row(costs, "conv1").Status.Should().Be(TrainingLayerStatus.NoGradient);
        costs.BackwardMacs.Should().Be(128);
        conv1.requires_grad.Should().BeFalse();
    }

    [Fact]
    public void Analyze_LeavesRequiresGradModesAndHooksAsTheyWere()
    {
        using var model = new ClassifierNet();
        model.train();
        var before = model.named_parameters().Select(p => p.parameter.requires_grad).ToList();
        var hooks = Hooks.CountInTree(model);

        ModelStatistics.AnalyzeTraining(model, Input, Options(TrainableParameters.Prefix("fc")));

        model.named_parameters().Select(p => p.parameter.requires_grad).Should().Equal(before);
        model.modules().Prepend(model).Should().OnlyContain(m => m.training);
        Hooks.CountInTree(model).Should().Be(hooks);
    }

    [Fact]
    public void NotModelled_ALayerTypeWithoutRule_IsListed()
    {
        using var model = nn.Sequential(("conv", nn.Conv2d(3, 4, 1)), ("doubler", new Doubler()));

        var costs = ModelStatistics.AnalyzeTraining(model, Input, Options());

        costs.NotModelledTypes.Should().Equal("Doubler");
        Row(costs, "doubler").Status.Should().Be(TrainingLayerStatus.NotModelled);
        costs.ToText().Should().Contain("Not modelled (a gradient flows through them; what they keep is counted as nothing): Doubler");
    }

    [Fact]
    public void Prefix_MatchesWholeModuleNamesOnly()
    {
        var set = TrainableParameters.Prefix("fc.*");

        set.Includes("fc.weight", false).Should().BeTrue();
        set.Includes("fc", false).Should().BeTrue();
        set.Includes("fc2.weight", true).Should().BeFalse();
        set.Description.Should().Be("fc.*");
    }

    [Fact]
    public void ToText_TitleAndTotalsNameTheBatchOptimizerAndTrainedSet()
    {
        using var model = new ChainNet();

        var text = ModelStatistics.AnalyzeTraining(model, Input, Options(TrainableParameters.Prefix("conv2"), TrainingOptimizer.AdamW, batch: 4)).ToText(memoryLimitBytes: 1L << 30);

        var lines = text.Split('\n');
        lines[0].Should().StartWith("Training step: batch 4, AdamW (2 state buffers per trainable parameter), trained: conv2.* (8 of 116 parameters)");
        lines.Should().Contain(l => l.StartsWith("Forward MACs: 7.42K; backward MACs: 512 (input gradients 0, weight gradients 512)", System.StringComparison.Ordinal));
        lines.Should().Contain(l => l.StartsWith("  peak ", System.StringComparison.Ordinal));
        lines.Should().Contain(l => l.Contains("the largest batch that fits in 1.00 GiB: ", System.StringComparison.Ordinal));
        text.Should().EndWith("\n");
    }

    [Fact]
    public void Analyze_BadOptions_Throw()
    {
        using var model = new ChainNet();

        FluentActions.Invoking(() => ModelStatistics.AnalyzeTraining(model, Input, Options(batch: 0)))
            .Should().Throw<System.ArgumentException>().WithMessage("options.Batch must be 1 or more, got 0.*");
        FluentActions.Invoking(() => ModelStatistics.AnalyzeTraining(model, Input, Options().With(new ProcessOverhead(-1, 0, 0))))
            .Should().Throw<System.ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => ModelStatistics.AnalyzeTraining(model, Input, Options()).ForBatch(-1))
            .Should().Throw<System.ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => TrainableParameters.Prefix(""))
            .Should().Throw<System.ArgumentException>();
    }

    private static TrainingRow Row(TrainingCosts costs, string name) => costs.Rows.Single(r => r.Name == name);
}

internal static class TrainingCostOptionsExtensions
{
    public static TrainingCostOptions With(this TrainingCostOptions options, ProcessOverhead process) => new()
    {
        Batch = options.Batch,
        Optimizer = options.Optimizer,
        Trainable = options.Trainable,
        Process = process,
    };
}
