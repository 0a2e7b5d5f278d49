using System;
using System.IO;
using FluentAssertions;
using TorchTraining.Checkpoints;
using TorchTraining.Step;
using TorchTraining.Tests.Support;
using Xunit;

namespace TorchTraining.Tests.Checkpoints;

/// <summary>A checkpoint that does not fit gives one clear error naming the file and the mismatch, and changes nothing.</summary>
public sealed class CheckpointMismatchTests : IDisposable
{
    private readonly SyntheticData _data = SyntheticData.Create(train: 64, test: 32);
    private readonly TempFolder _folder = new();

    public CheckpointMismatchTests()
    {
        using var model = SmallNet.Create(seed: 3);
        using var trainer = new Trainer(model, _data.TrainSource(), _data.TestSource(), TrainingRuns.Options(OptimizerKind.Sgd, _folder.Path, epochs: 1));
        trainer.Run();
    }

    private string Last => _folder.File(TrainingCheckpoint.LastFileName);

    public void Dispose()
    {
        _data.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public void Resume_OtherClassCount_ThrowsNamingFileAndShapes_ModelUnchanged()
    {
        using var model = SmallNet.Create(seed: 5, classes: 5);
        using var trainer = new Trainer(model, _data.TrainSource(), _data.TestSource(), TrainingRuns.Options(OptimizerKind.Sgd, null));
        var before = ModelState.Clone(model);

        var act = () => trainer.Resume(Last);

        act.Should().Throw<CheckpointMismatchException>()
            .WithMessage($"Checkpoint '{Last}' does not fit: the model differs: 'fc.weight' is Float32 [4, 16] but the model has Float32 [5, 16]; 'fc.bias' is Float32 [4] but the model has Float32 [5].")
            .Which.Path.Should().Be(Last);
        TrainingRuns.ShouldBeIdentical(model.state_dict(), before, "untouched model");
        trainer.Epoch.Should().Be(0);
        ModelState.DisposeAll(before.Values);
    }

    [Fact]
    public void Resume_OtherOptimizer_ThrowsNamingBoth()
    {
        using var model = SmallNet.Create(seed: 5);
        using var trainer = new Trainer(model, _data.TrainSource(), _data.TestSource(), TrainingRuns.Options(OptimizerKind.AdamW, null));

        var act = () => trainer.Resume(Last);

        act.Should().Throw<CheckpointMismatchException>().WithMessage("*does not fit: it holds Sgd state, but the trainer uses AdamW.");
    }

    [Fact]
    public void Resume_EmaOnButNotInTheCheckpoint_Throws()
    {
        using var other = new TempFolder();
        using (var model = SmallNet.Create(seed: 3))
        using (var trainer = new Trainer(model, _data.TrainSource(), _data.TestSource(), TrainingRuns.Options(OptimizerKind.Sgd, other.Path, epochs: 1, ema: false)))
        {
            trainer.Run();
        }

        using var resumedModel = SmallNet.Create(seed: 5);
        using var resumed = new Trainer(resumedModel, _data.TrainSource(), _data.TestSource(), TrainingRuns.Options(OptimizerKind.Sgd, null));

        FluentActions.Invoking(() => resumed.Resume(other.File(TrainingCheckpoint.LastFileName))).Should().Throw<CheckpointMismatchException>().WithMessage("*no moving average*");
    }

    [Fact]
    public void Resume_PerIterationScheduleWithOtherStepsPerEpoch_Throws()
    {
        using var model = SmallNet.Create(seed: 5);
        using var trainer = new Trainer(model, _data.TrainSource(batchSize: 16), _data.TestSource(), TrainingRuns.Options(OptimizerKind.Sgd, null, perIteration: true));

        FluentActions.Invoking(() => trainer.Resume(Last)).Should().Throw<CheckpointMismatchException>()
            .WithMessage("*it was written with 2 steps per epoch, but the training source has 4.");
    }

    [Fact]
    public void LoadWeights_OtherShape_ThrowsNamingTheFile()
    {
        using var model = SmallNet.Create(seed: 5, classes: 3);

        FluentActions.Invoking(() => TrainingCheckpoint.LoadWeights(Last, model)).Should().Throw<CheckpointMismatchException>().WithMessage($"Checkpoint '{Last}' does not fit: the model differs: 'fc.weight'*");
    }

    [Fact]
    public void ReadInfo_NotACheckpoint_ThrowsInvalidDataNamingTheFile()
    {
        var path = _folder.File("noise.ckpt");
        File.WriteAllBytes(path, [1, 2, 3, 4, 5]);

        FluentActions.Invoking(() => TrainingCheckpoint.ReadInfo(path)).Should().Throw<InvalidDataException>().WithMessage($"Checkpoint '{path}' cannot be read*");
    }

    [Fact]
    public void Resume_MissingFile_ThrowsFileNotFound()
    {
        using var model = SmallNet.Create(seed: 5);
        using var trainer = new Trainer(model, _data.TrainSource(), _data.TestSource(), TrainingRuns.Options(OptimizerKind.Sgd, null));

        FluentActions.Invoking(() => trainer.Resume(_folder.File("none.ckpt"))).Should().Throw<FileNotFoundException>().WithMessage("*none.ckpt' does not exist.");
    }
}
