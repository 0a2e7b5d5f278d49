using System;
using System.IO;
using System.Threading;
using FluentAssertions;
using TorchTraining.Checkpoints;
using TorchTraining.Step;
using TorchTraining.Tests.Support;
using Xunit;

namespace TorchTraining.Tests.Training;

/// <summary>A trainer writes only into a folder that holds no run, or its own run (the one it wrote or resumed from).</summary>
public sealed class TrainerOutputFolderTests
{
    [Fact]
    public void Run_FolderHoldsAnotherRunsCheckpoint_RefusedAndNothingWritten()
    {
        using var data = SyntheticData.Create(train: 64, test: 32);
        using var folder = new TempFolder();
        using (var model = SmallNet.Create(seed: 3))
        using (var first = new Trainer(model, data.TrainSource(), data.TestSource(), TrainingRuns.Options(OptimizerKind.Sgd, folder.Path, epochs: 1, ema: false)))
        {
            first.Run();
        }

        var before = FolderSnapshot.Of(folder.Path);
        using var otherModel = SmallNet.Create(seed: 4);
        using var second = new Trainer(otherModel, data.TrainSource(), data.TestSource(), TrainingRuns.Options(OptimizerKind.Sgd, folder.Path, epochs: 1, ema: false));

        var act = () => second.Run();

        act.Should().Throw<IOException>().WithMessage($"*'{folder.Path}' holds the checkpoint of another run*Nothing was written*");
        FolderSnapshot.Of(folder.Path).Should().BeEquivalentTo(before);
    }

    [Fact]
    public void Run_OutputPathIsAFile_RefusedBeforeTheFirstStepAndTheFileUnchanged()
    {
        using var data = SyntheticData.Create(train: 64, test: 32);
        using var folder = new TempFolder();
        var file = folder.File("not-a-folder");
        File.WriteAllText(file, "keep me");
        using var model = SmallNet.Create(seed: 3);
        var observer = new RecordingObserver();
        using var trainer = new Trainer(model, data.TrainSource(), data.TestSource(), TrainingRuns.Options(OptimizerKind.Sgd, file, epochs: 1, ema: false), observer);

        var act = () => trainer.Run();

        act.Should().Throw<IOException>().WithMessage($"The output folder '{file}' is a file*Nothing was written.");
        trainer.StepInEpoch.Should().Be(0, "the path is checked before the first step, not when the first checkpoint is written");
        File.ReadAllText(file).Should().Be("keep me");
    }

    [Fact]
    public void Run_ResumedFromTheFolder_ContinuesTheRun()
    {
        using var data = SyntheticData.Create(train: 64, test: 32);
        using var folder = new TempFolder();
        using (var model = SmallNet.Create(seed: 3))
        {
            using var cancellation = new CancellationTokenSource();
            var observer = new RecordingObserver { AfterEpoch = _ => cancellation.Cancel() };
            using var first = new Trainer(model, data.TrainSource(), data.TestSource(), TrainingRuns.Options(OptimizerKind.Sgd, folder.Path, epochs: 2, ema: false), observer);
            FluentActions.Invoking(() => first.Run(cancellation.Token)).Should().Throw<OperationCanceledException>();
        }

        using var resumedModel = SmallNet.Create(seed: 4);
        using var resumed = new Trainer(resumedModel, data.TrainSource(), data.TestSource(), TrainingRuns.Options(OptimizerKind.Sgd, folder.Path, epochs: 2, ema: false));
        resumed.Resume(folder.File(TrainingCheckpoint.LastFileName));

        resumed.Run().Should().HaveCount(2);
    }
}
