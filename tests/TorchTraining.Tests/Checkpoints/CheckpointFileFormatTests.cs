using System.IO;
using System.IO.Compression;
using FluentAssertions;
using TorchCheckpoints;
using TorchTraining.Checkpoints;
using TorchTraining.Step;
using TorchTraining.Tests.Support;
using Xunit;

namespace TorchTraining.Tests.Checkpoints;

/// <summary>
/// A committed checkpoint file keeps loading and its tensor entries are written byte for byte the same: checkpoints on
/// users' disks stay usable. The fixture is the <c>last.ckpt</c> of a 2-epoch AdamW run with EMA
/// (<see cref="TrainingRuns.Options"/>, <c>SmallNet.Create(seed: 3)</c>, <c>SyntheticData.Create(train: 64, test: 32)</c>,
/// a card of classes zero…three) cancelled after the first step of the second epoch.
/// </summary>
public sealed class CheckpointFileFormatTests
{
    private static readonly string Fixture = Path.Combine(Fixtures.Folder, "checkpoints", "adamw_ema_mid_epoch.ckpt");

    [Fact]
    public void ReadInfo_CommittedCheckpoint_ReadsItsManifestAndCard()
    {
        var info = TrainingCheckpoint.ReadInfo(Fixture);

        (info.Epoch, info.Step, info.IsMidEpoch, info.Epochs, info.StepsPerEpoch, info.Optimizer, info.HasEma).Should().Be((1, 1, true, 2, 2, OptimizerKind.AdamW, true));
        (info.BestTop1, info.BestEpoch).Should().Be((0.25, 0));
        info.History.Should().ContainSingle().Which.Epoch.Should().Be(0);
        info.Card!.Classes.Should().Equal("zero", "one", "two", "three");
    }

    [Fact]
    public void LoadWeights_CommittedCheckpoint_GivesWhatTorchSharpsModuleLoadReadsAndWritesTheSameBytes()
    {
        using var model = SmallNet.Create(seed: 8);
        using var reference = SmallNet.Create(seed: 9);
        var entry = Entry("model.bin");
        using (var stream = new MemoryStream(entry))
        {
            reference.load(stream);
        }

        TrainingCheckpoint.LoadWeights(Fixture, model);

        TrainingRuns.ShouldBeIdentical(model.state_dict(), reference.state_dict(), "weights");
        using var written = new MemoryStream();
        CheckpointWriter.Write(written, model.state_dict(), CheckpointFormat.TorchSharp);
        written.ToArray().Should().Equal(entry, "the model entry is written as it was");
    }

    [Fact]
    public void Resume_CommittedCheckpoint_ContinuesInsideTheInterruptedEpochAndFinishes()
    {
        using var data = SyntheticData.Create(train: 64, test: 32);
        using var model = SmallNet.Create(seed: 99);
        using var trainer = new Trainer(model, data.TrainSource(), data.TestSource(), TrainingRuns.Options(OptimizerKind.AdamW, null, epochs: 2));

        trainer.Resume(Fixture);

        (trainer.Epoch, trainer.StepInEpoch, trainer.Ema!.UpdateCount).Should().Be((1, 1, 1));
        trainer.Run().Should().HaveCount(2);
    }

    private static byte[] Entry(string name)
    {
        using var archive = ZipFile.OpenRead(Fixture);
        using var stream = archive.GetEntry(name)!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
