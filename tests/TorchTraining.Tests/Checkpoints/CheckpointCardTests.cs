using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json;
using FluentAssertions;
using TorchCheckpoints;
using TorchCheckpoints.Hub;
using TorchTraining.Checkpoints;
using TorchTraining.Step;
using TorchTraining.Tests.Support;
using Xunit;

namespace TorchTraining.Tests.Checkpoints;

/// <summary>TrainingOptions.Card stored in every checkpoint as model.json and read back by TrainingCheckpoint.ReadInfo.</summary>
public sealed class CheckpointCardTests
{
    private static readonly ModelCard Card = new()
    {
        Architecture = new ModelArchitecture("small_net", JsonDocument.Parse("""{"channels": 1}""").RootElement),
        Classes = ["zero", "one", "two", "three"],
        Transform = new ImageClassificationTransform(8, 8, null, [0.5f], [0.25f]),
        Provenance = new ModelProvenance { Recipe = "test", Data = new ModelDataSource { Kind = "synthetic", TrainImages = 64 } },
    };

    [Fact]
    public void ReadInfo_CheckpointWrittenWithACard_ReturnsAnEqualCard()
    {
        using var folder = new TempFolder();
        var last = Train(folder, TrainingRuns.Options(OptimizerKind.Sgd, folder.Path, epochs: 1, ema: false) with { Card = Card });

        var info = TrainingCheckpoint.ReadInfo(last);

        info.Card.Should().Be(Card);
        info.Card!.Classes.Should().Equal("zero", "one", "two", "three");
        using var archive = ZipFile.OpenRead(last);
        archive.Entries.Select(e => e.FullName).Should().Equal("checkpoint.json", "model.json", "model.bin", "optimizer.bin", "rng.bin");
        using var reader = new StreamReader(archive.GetEntry("model.json")!.Open());
        reader.ReadToEnd().Should().Be(Card.ToJson());
        TrainingCheckpoint.ReadInfo(folder.File(TrainingCheckpoint.BestFileName)).Card.Should().Be(Card);
    }

    [Fact]
    public void ReadInfo_CheckpointWrittenWithoutACard_ReturnsNull()
    {
        using var folder = new TempFolder();
        var last = Train(folder, TrainingRuns.Options(OptimizerKind.Sgd, folder.Path, epochs: 1, ema: false));

        TrainingCheckpoint.ReadInfo(last).Card.Should().BeNull();
        using var archive = ZipFile.OpenRead(last);
        archive.GetEntry("model.json").Should().BeNull();
    }

    [Fact]
    public void ReadInfo_BrokenCardEntry_ThrowsInvalidDataNamingTheFileAndTheEntry()
    {
        using var folder = new TempFolder();
        var last = Train(folder, TrainingRuns.Options(OptimizerKind.Sgd, folder.Path, epochs: 1, ema: false) with { Card = Card });
        using (var archive = ZipFile.Open(last, ZipArchiveMode.Update))
        {
            archive.GetEntry("model.json")!.Delete();
            using var writer = new StreamWriter(archive.CreateEntry("model.json").Open());
            writer.Write("""{"format": "image-classifier-card", "version": 1}""");
        }

        var act = () => TrainingCheckpoint.ReadInfo(last);

        act.Should().Throw<InvalidDataException>().WithMessage($"*{last} (model.json)*eval_transform*");
    }

    private static string Train(TempFolder folder, TrainingOptions options)
    {
        using var data = SyntheticData.Create(train: 64, test: 32);
        using var model = SmallNet.Create(seed: 3);
        using var trainer = new Trainer(model, data.TrainSource(), data.TestSource(), options);
        trainer.Run();
        return folder.File(TrainingCheckpoint.LastFileName);
    }
}
