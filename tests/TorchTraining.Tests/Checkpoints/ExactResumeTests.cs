using System;
using System.Threading;
using FluentAssertions;
using TorchTraining.Checkpoints;
using TorchTraining.Step;
using TorchTraining.Tests.Support;
using Xunit;

namespace TorchTraining.Tests.Checkpoints;

/// <summary>
/// 3 epochs straight against 3 epochs interrupted and resumed into a freshly initialised model: bit-identical weights,
/// buffers, optimizer state, moving average and metrics (CPU, same thread count), with warm-up + cosine, EMA,
/// label smoothing, clipping and dropout on.
/// </summary>
public sealed class ExactResumeTests
{
    public enum Interruption
    {
        AfterFirstEpoch,
        MidSecondEpoch,
        DuringSecondEvaluation,
    }

    [Theory]
    [InlineData(OptimizerKind.Sgd, Interruption.AfterFirstEpoch, false)]
    [InlineData(OptimizerKind.AdamW, Interruption.AfterFirstEpoch, false)]
    [InlineData(OptimizerKind.Sgd, Interruption.MidSecondEpoch, false)]
    [InlineData(OptimizerKind.AdamW, Interruption.MidSecondEpoch, true)]
    [InlineData(OptimizerKind.Sgd, Interruption.DuringSecondEvaluation, false)]
    public void Resume_InterruptedRun_EndsBitIdenticalToTheStraightRun(OptimizerKind kind, Interruption interruption, bool perIteration)
    {
        using var data = SyntheticData.Create();
        using var straightFolder = new TempFolder();
        using var straightModel = SmallNet.Create(seed: 3);
        using var straight = new Trainer(straightModel, data.TrainSource(), data.TestSource(), TrainingRuns.Options(kind, straightFolder.Path, perIteration: perIteration));
        straight.Run();

        using var folder = new TempFolder();
        using (var firstModel = SmallNet.Create(seed: 3))
        {
            using var cancellation = new CancellationTokenSource();
            var observer = new RecordingObserver();
            switch (interruption)
            {
                case Interruption.AfterFirstEpoch:
                    observer.AfterEpoch = _ => cancellation.Cancel();
                    break;
                case Interruption.MidSecondEpoch:
                    observer.AfterStep = p => { if (p.Epoch == 1 && p.StepsDone == 3) cancellation.Cancel(); };
                    break;
                default:
                    observer.AfterEvaluationStep = p => { if (p.Epoch == 1 && p.IsEma) cancellation.Cancel(); };
                    break;
            }

            using var first = new Trainer(firstModel, data.TrainSource(), data.TestSource(), TrainingRuns.Options(kind, folder.Path, perIteration: perIteration), observer);
            var act = () => first.Run(cancellation.Token);
            act.Should().Throw<OperationCanceledException>();
        }

        var info = TrainingCheckpoint.ReadInfo(folder.File(TrainingCheckpoint.LastFileName));
        (info.Epoch, info.Step).Should().Be(interruption switch
        {
            Interruption.AfterFirstEpoch => (1, 0),
            Interruption.MidSecondEpoch => (1, 3),
            _ => (1, 8),
        });

        using var resumedModel = SmallNet.Create(seed: 99);
        using var resumed = new Trainer(resumedModel, data.TrainSource(), data.TestSource(), TrainingRuns.Options(kind, folder.Path, perIteration: perIteration));
        resumed.Resume(folder.File(TrainingCheckpoint.LastFileName));
        resumed.Run();

        TrainingRuns.ShouldBeIdentical(resumed, resumedModel, straight, straightModel);
        resumed.History.Should().HaveCount(3);
    }

    [Fact]
    public void Run_TwiceFromTheSameSeed_IsBitIdentical()
    {
        using var data = SyntheticData.Create();
        using var firstModel = SmallNet.Create(seed: 3);
        using var first = new Trainer(firstModel, data.TrainSource(), data.TestSource(), TrainingRuns.Options(OptimizerKind.Sgd, null, epochs: 2));
        first.Run();
        using var secondModel = SmallNet.Create(seed: 3);
        using var second = new Trainer(secondModel, data.TrainSource(), data.TestSource(), TrainingRuns.Options(OptimizerKind.Sgd, null, epochs: 2));
        second.Run();

        TrainingRuns.ShouldBeIdentical(second, secondModel, first, firstModel);
    }
}
