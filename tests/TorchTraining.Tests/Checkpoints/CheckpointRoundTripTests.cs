using System.IO;
using System.IO.Compression;
using System.Linq;
using FluentAssertions;
using TorchTraining.Checkpoints;
using TorchTraining.Step;
using TorchTraining.Tests.Support;
using Xunit;

namespace TorchTraining.Tests.Checkpoints;

public sealed class CheckpointRoundTripTests
{
    [Fact]
    public void Checkpoint_AfterOneEpoch_HoldsParametersBuffersEmaAndMetrics()
    {
        using var data = SyntheticData.Create(train: 64, test: 32);
        using var folder = new TempFolder();
        using var model = SmallNet.Create(seed: 3);
        using var trainer = new Trainer(model, data.TrainSource(), data.TestSource(), TrainingRuns.Options(OptimizerKind.Sgd, folder.Path, epochs: 1));
        trainer.Run();
        var last = folder.File(TrainingCheckpoint.LastFileName);

        var info = TrainingCheckpoint.ReadInfo(last);
        (info.Epoch, info.Step, info.IsMidEpoch, info.Epochs, info.StepsPerEpoch, info.Optimizer, info.HasEma).Should().Be((1, 0, false, 1, 2, OptimizerKind.Sgd, true));
        info.History.Select(TrainingRuns.WithoutTimes).Should().Equal(trainer.History.Select(TrainingRuns.WithoutTimes));
        (info.BestTop1, info.BestEpoch).Should().Be((trainer.BestTop1, 0));
        File.ReadAllBytes(folder.File(TrainingCheckpoint.BestFileName)).Should().Equal(File.ReadAllBytes(last));
        File.ReadAllLines(folder.File("metrics.csv")).Should().HaveCount(2);
        File.ReadAllLines(folder.File("metrics.jsonl")).Should().ContainSingle();

        using var copy = SmallNet.Create(seed: 8);
        TrainingCheckpoint.LoadWeights(last, copy);
        TrainingRuns.ShouldBeIdentical(copy.state_dict(), model.state_dict(), "weights");
        copy.state_dict()["bn1.num_batches_tracked"].item<long>().Should().Be(2);

        using var averaged = SmallNet.Create(seed: 8);
        TrainingCheckpoint.LoadWeights(last, averaged, useEma: true);
        TrainingRuns.ShouldBeIdentical(averaged.state_dict(), trainer.Ema!.Average, "moving average");
    }

    [Fact]
    public void ModelEntry_IsTorchSharpsOwnFormat_LoadsWithModuleLoad()
    {
        using var data = SyntheticData.Create(train: 64, test: 32);
        using var folder = new TempFolder();
        using var model = SmallNet.Create(seed: 3);
        using var trainer = new Trainer(model, data.TrainSource(), data.TestSource(), TrainingRuns.Options(OptimizerKind.AdamW, folder.Path, epochs: 1));
        trainer.Run();

        using var archive = ZipFile.OpenRead(folder.File(TrainingCheckpoint.LastFileName));
        archive.Entries.Select(e => e.FullName).Should().Equal("checkpoint.json", "model.bin", "optimizer.bin", "ema.bin", "rng.bin");
        using var entry = new MemoryStream();
        using (var stream = archive.GetEntry("model.bin")!.Open())
        {
            stream.CopyTo(entry);
        }

        entry.Position = 0;
        using var copy = SmallNet.Create(seed: 8);
        copy.load(entry);
        TrainingRuns.ShouldBeIdentical(copy.state_dict(), model.state_dict(), "weights");
    }

    [Fact]
    public void Resume_AfterOneEpoch_RestoresOptimizerStateAndPosition()
    {
        using var data = SyntheticData.Create(train: 64, test: 32);
        using var folder = new TempFolder();
        using var model = SmallNet.Create(seed: 3);
        using var trainer = new Trainer(model, data.TrainSource(), data.TestSource(), TrainingRuns.Options(OptimizerKind.AdamW, folder.Path, epochs: 1));
        trainer.Run();

        using var copy = SmallNet.Create(seed: 8);
        using var resumed = new Trainer(copy, data.TrainSource(), data.TestSource(), TrainingRuns.Options(OptimizerKind.AdamW, null, epochs: 1));
        resumed.Resume(folder.File(TrainingCheckpoint.LastFileName));

        TrainingRuns.ShouldBeIdentical(resumed, copy, trainer, model);
        (resumed.Epoch, resumed.StepInEpoch).Should().Be((1, 0));
        resumed.Run().Should().HaveCount(1, "the run was already complete");
    }
}
