using System.Linq;
using FluentAssertions;
using TorchTraining.Metrics;
using TorchTraining.Tests.Support;
using Xunit;

namespace TorchTraining.Tests.Metrics;

public sealed class EvaluatorTests
{
    [Fact]
    public void Evaluate_MixedTrainEvalModes_RestoresEveryModule()
    {
        using var data = SyntheticData.Create(train: 16, test: 40);
        using var model = SmallNet.Create(1);
        model.train();
        var bn2 = model.named_modules().Single(m => m.name == "bn2").module;
        bn2.eval();

        Evaluator.Evaluate(model, data.TestSource(batchSize: 16));

        model.training.Should().BeTrue();
        model.named_modules().Where(m => m.name != "bn2").Should().OnlyContain(m => m.module.training);
        bn2.training.Should().BeFalse();
    }

    [Fact]
    public void Evaluate_HeavyDropout_RunsInEvalModeWithoutGradients()
    {
        using var data = SyntheticData.Create(train: 16, test: 40);
        using var model = SmallNet.Create(1, dropout: 0.9);
        model.train();
        var before = model.state_dict()["bn1.running_mean"].clone();

        var first = Evaluator.Evaluate(model, data.TestSource(batchSize: 16));
        var second = Evaluator.Evaluate(model, data.TestSource(batchSize: 16));

        second.Loss.Should().Be(first.Loss, "eval mode disables dropout");
        first.Count.Should().Be(40);
        model.state_dict()["bn1.running_mean"].equal(before).all().item<bool>().Should().BeTrue("BatchNorm statistics do not change in eval mode");
        model.parameters().All(p => p.grad is null).Should().BeTrue("evaluation computes no gradients");
        before.Dispose();
    }

    [Fact]
    public void Evaluate_ReportsProgressPerBatch()
    {
        using var data = SyntheticData.Create(train: 16, test: 40);
        using var model = SmallNet.Create(1);
        var seen = new System.Collections.Generic.List<EvaluationProgress>();

        Evaluator.Evaluate(model, data.TestSource(batchSize: 16), epoch: 3, progress: seen.Add);

        seen.Should().Equal(new EvaluationProgress(3, 1, 3, false), new EvaluationProgress(3, 2, 3, false), new EvaluationProgress(3, 3, 3, false));
    }
}
