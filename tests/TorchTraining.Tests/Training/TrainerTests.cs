using System;
using System.IO;
using System.Linq;
using System.Threading;
using FluentAssertions;
using TorchSharp;
using TorchTraining.Checkpoints;
using TorchTraining.Step;
using TorchTraining.Tests.Support;
using Xunit;
using static TorchSharp.torch;

namespace TorchTraining.Tests.Training;

public sealed class TrainerTests
{
    [Fact]
    public void Run_SyntheticFourClasses_ReachesNinetyPercentTestAccuracy()
    {
        using var data = SyntheticData.Create(train: 512, test: 256);
        using var folder = new TempFolder();
        using var model = SmallNet.Create(seed: 2);
        var options = new TrainingOptions
        {
            Epochs = 6,
            Optimizer = new OptimizerSettings { LearningRate = 0.1, Momentum = 0.9, WeightDecay = 1e-4 },
            Schedule = new ScheduleSettings { WarmupEpochs = 1, WarmupDecay = 0.1 },
            LabelSmoothing = 0.1,
            OutputDirectory = folder.Path,
        };
        using var trainer = new Trainer(model, data.TrainSource(), data.TestSource(), options);

        var history = trainer.Run();

        // Chance is 25 %; the untrained net scores near it (see Run_WithoutUpdates_StaysNearChance).
        history.Should().HaveCount(6);
        history[^1].TestTop1.Should().BeGreaterThanOrEqualTo(0.9);
        history[^1].TestTop5.Should().Be(1.0, "top-k is capped at the 4 classes");
        history[^1].TrainLoss.Should().BeLessThan(history[0].TrainLoss);
        trainer.BestTop1.Should().Be(history.Max(r => r.TestTop1));
        File.ReadAllLines(Path.Combine(folder.Path, "metrics.csv")).Should().HaveCount(7);
        File.ReadAllLines(Path.Combine(folder.Path, "metrics.jsonl")).Should().HaveCount(6);
        TrainingCheckpoint.ReadInfo(Path.Combine(folder.Path, TrainingCheckpoint.BestFileName)).Epoch.Should().Be(trainer.BestEpoch!.Value + 1);
    }

    [Fact]
    public void Run_WithoutUpdates_StaysNearChance()
    {
        using var data = SyntheticData.Create(train: 512, test: 256);
        using var model = SmallNet.Create(seed: 2);
        var options = new TrainingOptions { Epochs = 1, Optimizer = new OptimizerSettings { LearningRate = 1e-12, Momentum = 0, WeightDecay = 0 } };
        using var trainer = new Trainer(model, data.TrainSource(), data.TestSource(), options);

        trainer.Run()[0].TestTop1.Should().BeLessThan(0.6);
    }

    [Fact]
    public void Run_ThreeEpochs_LeavesNoTensorBehindPerEpoch()
    {
        using var data = SyntheticData.Create(train: 64, test: 32);
        using var folder = new TempFolder();
        using var model = SmallNet.Create(seed: 2);
        var live = new System.Collections.Generic.List<long>();
        var observer = new RecordingObserver { AfterEpoch = _ => live.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount) };
        var start = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        using (var trainer = new Trainer(model, data.TrainSource(), data.TestSource(), TrainingRuns.Options(OptimizerKind.Sgd, folder.Path), observer))
        {
            trainer.Run();
        }

        live.Should().HaveCount(3);
        live.Distinct().Should().ContainSingle("every epoch ends with the same live tensors ({0})", string.Join(", ", live));
        DisposeScopeManager.Statistics.ThreadTotalLiveCount.Should().Be(start, "disposing the trainer releases its optimizer state and moving average");
    }

    [Fact]
    public void Run_AbsurdLearningRate_StopsNamingEpochAndStep_KeepsTheLastCheckpoint()
    {
        using var data = SyntheticData.Create(train: 256, test: 32);
        using var folder = new TempFolder();
        var last = folder.File(TrainingCheckpoint.LastFileName);
        using (var model = SmallNet.Create(seed: 2))
        {
            using var cancellation = new CancellationTokenSource();
            var observer = new RecordingObserver { AfterEpoch = _ => cancellation.Cancel() };
            using var trainer = new Trainer(model, data.TrainSource(), data.TestSource(), TrainingRuns.Options(OptimizerKind.Sgd, folder.Path, ema: false), observer);
            FluentActions.Invoking(() => trainer.Run(cancellation.Token)).Should().Throw<OperationCanceledException>();
        }

        var lastBytes = File.ReadAllBytes(last);
        var bestBytes = File.ReadAllBytes(folder.File(TrainingCheckpoint.BestFileName));
        using var diverging = SmallNet.Create(seed: 2);
        var absurd = TrainingRuns.Options(OptimizerKind.Sgd, folder.Path, ema: false) with
        {
            Optimizer = new OptimizerSettings { LearningRate = 1e8, WeightDecay = 0.5, NormWeightDecay = null, BiasWeightDecay = null },
            ClipGradNorm = null,
        };
        using var divergingTrainer = new Trainer(diverging, data.TrainSource(), data.TestSource(), absurd);
        divergingTrainer.Resume(last);

        var error = FluentActions.Invoking(() => divergingTrainer.Run()).Should().Throw<TrainingDivergedException>().Which;

        error.Epoch.Should().Be(1);
        error.Step.Should().BeGreaterThan(0).And.BeLessThan(8);
        float.IsFinite((float)error.Loss).Should().BeFalse();
        error.LastCheckpoint.Should().Be(last);
        error.Message.Should().StartWith($"The training loss became {error.Loss.ToString(System.Globalization.CultureInfo.InvariantCulture)} at epoch 1, step {error.Step} (0-based, of 8 steps)")
            .And.Contain($"the last good checkpoint is '{last}'");
        File.ReadAllBytes(last).Should().Equal(lastBytes);
        File.ReadAllBytes(folder.File(TrainingCheckpoint.BestFileName)).Should().Equal(bestBytes);
    }

    [Fact]
    public void Run_Cancelled_FinishesTheStepWritesTheCheckpointAndThrows()
    {
        using var data = SyntheticData.Create(train: 256, test: 32);
        using var folder = new TempFolder();
        using var model = SmallNet.Create(seed: 2);
        using var cancellation = new CancellationTokenSource();
        var observer = new RecordingObserver { AfterStep = p => { if (p.Epoch == 0 && p.StepsDone == 5) cancellation.Cancel(); } };
        using var trainer = new Trainer(model, data.TrainSource(), data.TestSource(), TrainingRuns.Options(OptimizerKind.Sgd, folder.Path), observer);

        FluentActions.Invoking(() => trainer.Run(cancellation.Token)).Should().Throw<OperationCanceledException>();

        observer.Steps.Should().HaveCount(5);
        (trainer.Epoch, trainer.StepInEpoch).Should().Be((0, 5));
        var info = TrainingCheckpoint.ReadInfo(folder.File(TrainingCheckpoint.LastFileName));
        (info.Epoch, info.Step, info.IsMidEpoch).Should().Be((0, 5, true));
        File.Exists(folder.File(TrainingCheckpoint.BestFileName)).Should().BeFalse("no epoch was evaluated yet");
    }

    [Fact]
    public void Run_ReportsEveryStepWithTheDisplaysData()
    {
        using var data = SyntheticData.Create(train: 80, test: 32);
        using var model = SmallNet.Create(seed: 2);
        var observer = new RecordingObserver();
        using var trainer = new Trainer(model, data.TrainSource(batchSize: 32), data.TestSource(batchSize: 16), TrainingRuns.Options(OptimizerKind.Sgd, null, epochs: 2), observer);

        trainer.Run();

        observer.Steps.Select(s => (s.Epoch, s.StepsDone, s.StepsPerEpoch, s.ImagesDone, s.ImagesPerEpoch)).Should().Equal(
            (0, 1, 3, 32L, 80L), (0, 2, 3, 64L, 80L), (0, 3, 3, 80L, 80L), (1, 1, 3, 32L, 80L), (1, 2, 3, 64L, 80L), (1, 3, 3, 80L, 80L));
        observer.Steps.Should().OnlyContain(s => s.Epochs == 2 && double.IsFinite(s.RunningLoss) && s.Elapsed > TimeSpan.Zero && s.ImagesPerSecond > 0);
        observer.Steps.Select(s => s.LearningRate).Distinct().Should().Equal(0.05 * 0.1, 0.05);
        observer.Steps[2].RunningLoss.Should().BeApproximately(((observer.Steps[0].Loss * 32) + (observer.Steps[1].Loss * 32) + (observer.Steps[2].Loss * 16)) / 80, 1e-9);
        observer.EvaluationSteps.Should().HaveCount(2 * 2 * 2, "two batches, model and EMA, two epochs");
        observer.Epochs.Select(e => e.Record.Epoch).Should().Equal(0, 1);
        observer.Epochs.Should().OnlyContain(e => e.EmaEvaluation != null && e.Evaluation.Count == 32 && e.CheckpointPath == null);
        observer.Epochs[0].Record.TrainLoss.Should().BeApproximately(observer.Steps[2].RunningLoss, 1e-12);
        observer.Epochs[1].Record.LearningRate.Should().Be(0.05);
    }

    [Fact]
    public void Run_PerIterationSchedule_EveryStepGetsItsOwnRate()
    {
        using var data = SyntheticData.Create(train: 96, test: 16);
        using var model = SmallNet.Create(seed: 2);
        var observer = new RecordingObserver();
        using var trainer = new Trainer(model, data.TrainSource(), data.TestSource(), TrainingRuns.Options(OptimizerKind.Sgd, null, perIteration: true), observer);

        trainer.Run();

        var expected = Enumerable.Range(0, 9).Select(position => trainer.Schedule.LearningRate(0.05, position));
        observer.Steps.Select(s => s.LearningRate).Should().Equal(expected);
        observer.Steps.Select(s => s.LearningRate).Distinct().Should().HaveCount(9);
    }

    [Fact]
    public void Run_ClipGradNorm_LimitsTheUpdateToRateTimesNorm()
    {
        using var data = SyntheticData.Create(train: 32, test: 16);
        using var model = SmallNet.Create(seed: 2, dropout: 0);
        var before = ModelState.Clone(model);
        var options = new TrainingOptions
        {
            Epochs = 1,
            Optimizer = new OptimizerSettings { LearningRate = 0.5, Momentum = 0, WeightDecay = 0 },
            ClipGradNorm = 1e-3,
        };
        using var trainer = new Trainer(model, data.TrainSource(), data.TestSource(), options);

        trainer.Run();

        var squared = trainer.ParameterGroups.SelectMany(g => g.ParameterNames).Sum(name =>
        {
            using var change = model.state_dict()[name] - before[name];
            using var sum = change.square().sum();
            return sum.item<float>();
        });
        Math.Sqrt(squared).Should().BeApproximately(0.5 * 1e-3, 1e-6, "one SGD step of a gradient clipped to norm 1e-3");
        ModelState.DisposeAll(before.Values);
    }

    [Fact]
    public void Run_FrozenBackboneForOneEpoch_OnlyTheClassifierLearnsThenAll()
    {
        using var data = SyntheticData.Create(train: 64, test: 32);
        using var model = SmallNet.Create(seed: 2);
        var initial = ModelState.Clone(model);
        var afterFirst = new System.Collections.Generic.Dictionary<string, Tensor>();
        var observer = new RecordingObserver { AfterEpoch = e => { if (e.Record.Epoch == 0) afterFirst = ModelState.Clone(model); } };
        var options = TrainingRuns.Options(OptimizerKind.Sgd, null, epochs: 2, ema: false) with
        {
            FineTuning = new FineTuningSettings("fc.") { FreezeBackboneEpochs = 1, BackboneLearningRateScale = 0.5 },
        };
        using var trainer = new Trainer(model, data.TrainSource(), data.TestSource(), options, observer);

        trainer.Run();

        Same(afterFirst["conv1.weight"], initial["conv1.weight"]).Should().BeTrue("the backbone is frozen in epoch 0");
        Same(afterFirst["bn1.weight"], initial["bn1.weight"]).Should().BeTrue();
        Same(afterFirst["fc.weight"], initial["fc.weight"]).Should().BeFalse("the classifier learns");
        Same(model.state_dict()["conv1.weight"], afterFirst["conv1.weight"]).Should().BeFalse("the backbone learns from epoch 1");
        var rates = trainer.Optimizer.ParamGroups.Select(g => g.LearningRate).ToArray();
        trainer.ParameterGroups.Select(g => g.IsBackbone).Should().Equal(true, true, true, false, false);
        rates[..3].Should().OnlyContain(r => r == rates[3] * 0.5);
        ModelState.DisposeAll(initial.Values);
        ModelState.DisposeAll(afterFirst.Values);
    }

    [Fact]
    public void Run_Float64Model_ReportsTheFloat64LossOfEachStep()
    {
        using var data = SyntheticData.Create(train: 64, test: 32);
        using var reference = SmallNet.Create(seed: 2, dropout: 0);
        reference.to(ScalarType.Float64);
        reference.train();
        var first = data.TrainSource().GetBatches(0).First();
        double expected;
        using (first)
        using (NewDisposeScope())
        {
            expected = nn.functional.cross_entropy(reference.call(first.Images.to_type(ScalarType.Float64)), first.Labels, label_smoothing: 0.1).item<double>();
        }

        using var model = SmallNet.Create(seed: 2, dropout: 0);
        model.to(ScalarType.Float64);
        var observer = new RecordingObserver();
        using var trainer = new Trainer(model, new Float64Batches(data.TrainSource()), new Float64Batches(data.TestSource()), TrainingRuns.Options(OptimizerKind.AdamW, null, epochs: 1), observer);

        var history = trainer.Run();

        observer.Steps[0].Loss.Should().Be(expected, "the step reads a float64 loss as it is, not rounded to float32");
        observer.Steps.Should().HaveCount(2).And.OnlyContain(s => double.IsFinite(s.Loss));
        double.IsFinite(history[0].TestLoss).Should().BeTrue();
    }

        [Fact]
    public void Constructor_BadOption_ThrowsNamingIt()
    {
        using var data = SyntheticData.Create(train: 16, test: 16);
        using var model = SmallNet.Create(seed: 2);

        FluentActions.Invoking(() => new Trainer(model, data.TrainSource(), data.TestSource(), new TrainingOptions { Epochs = 2, LabelSmoothing = 1.5 }))
            .Should().Throw<ArgumentException>().WithMessage("LabelSmoothing must be in [0, 1], got 1.5.*");
        FluentActions.Invoking(() => new Trainer(model, data.TrainSource(), data.TestSource(), new TrainingOptions { Epochs = 2, Optimizer = new OptimizerSettings { LearningRate = -1 } }))
            .Should().Throw<ArgumentException>().WithMessage("Optimizer.LearningRate must be a positive finite number, got -1.*");
    }

    /// <summary>Another source's batches with the images in float64 (TensorBatchSource takes float32 only).</summary>
    private sealed class Float64Batches(TorchTraining.Loading.IBatchSource inner) : TorchTraining.Loading.IBatchSource
    {
        public int ImageCount => inner.ImageCount;

        public int BatchCount => inner.BatchCount;

        public System.Collections.Generic.IEnumerable<TorchTraining.Loading.Batch> GetBatches(int epoch, CancellationToken cancellationToken = default)
        {
            foreach (var batch in inner.GetBatches(epoch, cancellationToken))
            {
                using (batch)
                {
                    yield return new TorchTraining.Loading.Batch(batch.Images.to_type(ScalarType.Float64).DetachFromDisposeScope(), batch.Labels.clone().DetachFromDisposeScope());
                }
            }
        }
    }

    private static bool Same(Tensor a, Tensor b)
    {
        using var equal = a.eq(b).all();
        return equal.item<bool>();
    }
}
