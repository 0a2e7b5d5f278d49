using System;
using System.Linq;
using System.Threading;
using FluentAssertions;
using ShuffleNet.Torch;
using TorchTraining.Checkpoints;
using TorchTraining.Loading;
using TorchTraining.Step;
using TorchTraining.Tests.Support;
using Xunit;
using static TorchSharp.torch;

namespace TorchTraining.Tests.Training;

/// <summary>The first user: a tiny ShuffleNetV2 (the library's own network, 3 stages of one block) trained, interrupted and resumed.</summary>
public sealed class ShuffleNetV2Tests
{
    [Fact]
    public void Resume_TinyShuffleNetV2FineTunedMidEpoch_BitIdenticalToTheStraightRun()
    {
        using var images = Images(96, seed: 1, out var labels);
        using var testImages = Images(32, seed: 2, out var testLabels);
        using var trainLabels = labels;
        using var evalLabels = testLabels;
        IBatchSource Train() => new TensorBatchSource(images, trainLabels, 16, seed: 4);
        IBatchSource Test() => new TensorBatchSource(testImages, evalLabels, 16, shuffle: false);
        TrainingOptions Options(string folder) => TrainingRuns.Options(OptimizerKind.Sgd, folder, epochs: 2) with
        {
            FineTuning = new FineTuningSettings("fc.") { FreezeBackboneEpochs = 1, BackboneLearningRateScale = 0.1 },
        };

        using var straightFolder = new TempFolder();
        using var straightModel = Create(seed: 3);
        using var straight = new Trainer(straightModel, Train(), Test(), Options(straightFolder.Path));
        straight.Run();

        using var folder = new TempFolder();
        using (var model = Create(seed: 3))
        {
            using var cancellation = new CancellationTokenSource();
            var observer = new RecordingObserver { AfterStep = p => { if (p.Epoch == 1 && p.StepsDone == 2) cancellation.Cancel(); } };
            using var first = new Trainer(model, Train(), Test(), Options(folder.Path), observer);
            FluentActions.Invoking(() => first.Run(cancellation.Token)).Should().Throw<OperationCanceledException>();
        }

        using var resumedModel = Create(seed: 7);
        using var resumed = new Trainer(resumedModel, Train(), Test(), Options(folder.Path));
        resumed.Resume(folder.File(TrainingCheckpoint.LastFileName));
        resumed.Run();

        TrainingRuns.ShouldBeIdentical(resumed, resumedModel, straight, straightModel);
        straight.ParameterGroups.Select(g => g.Name).Should().Equal("backbone.other", "backbone.norm", "backbone.bias", "classifier.other", "classifier.bias");
        straight.ParameterGroups.Single(g => g.Name == "backbone.norm").ParameterNames.Should().Contain("conv1.1.weight").And.OnlyContain(n => n.EndsWith(".weight", StringComparison.Ordinal));
    }

    private static ShuffleNetV2 Create(long seed)
    {
        random.manual_seed(seed);
        return ShuffleNetV2.Create([1, 1, 1], [8, 16, 32, 64, 128], numClasses: 4);
    }

    private static Tensor Images(int count, ulong seed, out Tensor labels)
    {
        using var generator = new Generator(seed);
        labels = arange(count, ScalarType.Int64).remainder(4);
        using var patterns = randn([4, 3, 32, 32], generator: generator);
        using var picked = patterns.index_select(0, labels);
        using var noise = randn([count, 3, 32, 32], generator: generator);
        return picked + noise;
    }
}
