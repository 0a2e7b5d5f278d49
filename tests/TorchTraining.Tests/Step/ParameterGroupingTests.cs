using System;
using System.Linq;
using FluentAssertions;
using TorchSharp.Modules;
using TorchTraining.Step;
using TorchTraining.Tests.Support;
using Xunit;
using static TorchSharp.torch.nn;

namespace TorchTraining.Tests.Step;

/// <summary>Weight-decay groups as torchvision's set_weight_decay forms them, decided by module type and parameter name.</summary>
public sealed class ParameterGroupingTests : IDisposable
{
    private readonly Sequential _model = Sequential(
        ("conv", Conv2d(3, 8, kernel_size: 3)),
        ("bn", BatchNorm2d(8)),
        ("gn", GroupNorm(2, 8)),
        ("inorm", InstanceNorm2d(8, affine: true)),
        ("ln", LayerNorm([8L])),
        ("fc", Linear(8, 4)));

    public void Dispose() => _model.Dispose();

    [Fact]
    public void Build_Defaults_NormWeightsAndAllBiasesWithoutDecay()
    {
        var groups = ParameterGrouping.Build(_model, new OptimizerSettings { WeightDecay = 1e-4 }, null);

        groups.Select(g => (g.Name, g.WeightDecay)).Should().Equal(("other", 1e-4), ("norm", 0.0), ("bias", 0.0));
        groups[0].ParameterNames.Should().Equal("conv.weight", "fc.weight");
        groups[1].ParameterNames.Should().Equal("bn.weight", "gn.weight", "inorm.weight", "ln.weight");
        groups[2].ParameterNames.Should().Equal("conv.bias", "bn.bias", "gn.bias", "inorm.bias", "ln.bias", "fc.bias");
    }

    [Fact]
    public void Build_NoBiasDecaySetting_NormBiasesStayInTheNormGroup()
    {
        var groups = ParameterGrouping.Build(_model, new OptimizerSettings { NormWeightDecay = 0.0, BiasWeightDecay = null }, null);

        groups.Select(g => g.Name).Should().Equal("other", "norm");
        groups[0].ParameterNames.Should().Equal("conv.weight", "conv.bias", "fc.weight", "fc.bias");
        groups[1].ParameterNames.Should().HaveCount(8).And.Contain("bn.bias");
    }

    [Fact]
    public void Build_BothSettingsNull_OneGroupWithTheWeightDecay()
    {
        var groups = ParameterGrouping.Build(_model, new OptimizerSettings { WeightDecay = 5e-5, NormWeightDecay = null, BiasWeightDecay = null }, null);

        groups.Should().ContainSingle().Which.WeightDecay.Should().Be(5e-5);
        groups[0].ParameterNames.Should().HaveCount(12);
    }

    [Fact]
    public void Build_FineTuning_SplitsBackboneAndClassifierWithTheBackboneScale()
    {
        var groups = ParameterGrouping.Build(_model, new OptimizerSettings(), new FineTuningSettings("fc.") { BackboneLearningRateScale = 0.1 });

        groups.Select(g => (g.Name, g.LearningRateScale, g.IsBackbone)).Should().Equal(
            ("backbone.other", 0.1, true), ("backbone.norm", 0.1, true), ("backbone.bias", 0.1, true),
            ("classifier.other", 1.0, false), ("classifier.bias", 1.0, false));
        groups[3].ParameterNames.Should().Equal("fc.weight");
    }

    [Fact]
    public void Build_ParameterWithoutGradient_IsLeftOut()
    {
        _model.named_parameters().Single(p => p.name == "conv.weight").parameter.requires_grad = false;

        var groups = ParameterGrouping.Build(_model, new OptimizerSettings(), null);

        groups.SelectMany(g => g.ParameterNames).Should().NotContain("conv.weight").And.HaveCount(11);
    }

    [Fact]
    public void Build_PrefixMatchingNothing_ThrowsNamingThePrefix()
    {
        var act = () => ParameterGrouping.Build(_model, new OptimizerSettings(), new FineTuningSettings("head."));

        act.Should().Throw<ArgumentException>().WithMessage("*'head.' matches no trainable parameter (parameters: conv.weight, conv.bias*");
    }

    [Fact]
    public void Trainer_Optimizer_GetsTheGroupsWeightDecays()
    {
        using var data = SyntheticData.Create(train: 32, test: 16);
        using var model = SmallNet.Create(1);
        using var trainer = new Trainer(model, data.TrainSource(), data.TestSource(), new TrainingOptions { Epochs = 1, Optimizer = new OptimizerSettings { WeightDecay = 3e-4 } });

        var decays = trainer.Optimizer.ParamGroups.Cast<SGD.ParamGroup>().Select(g => g.Options.weight_decay!.Value);

        decays.Should().Equal(3e-4, 0.0, 0.0);
        trainer.ParameterGroups.Select(g => g.Name).Should().Equal("other", "norm", "bias");
        trainer.ParameterGroups[1].ParameterNames.Should().Equal("bn1.weight", "bn2.weight");
    }
}
