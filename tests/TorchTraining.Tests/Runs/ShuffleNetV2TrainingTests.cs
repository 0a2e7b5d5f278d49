using System;
using System.IO;
using System.Linq;
using FluentAssertions;
using ShuffleNet.Torch;
using ShuffleNet.Torch.Cards;
using ShuffleNet.Torch.Classifier;
using TorchCheckpoints;
using TorchTraining.Checkpoints;
using TorchTraining.Datasets;
using TorchTraining.Runs;
using TorchTraining.Tests.Support;
using Xunit;
using static TorchSharp.torch;

namespace TorchTraining.Tests.Runs;

/// <summary>One finished run of a tiny ShuffleNetV2 (3 stages of one block, 8 to 128 channels) on the Fashion subset at 16×16.</summary>
public sealed class FinishedShuffleNetRun : IDisposable
{
    private readonly TempFolder _root = new();

    public FinishedShuffleNetRun() => Result = TrainingRun.Prepare(RunData.Options(_root.File("run")), ShuffleNetV2TrainingTests.Tiny()).Run();

    public string Folder => Result.OutputFolder;

    internal TrainingRunResult Result { get; }

    public void Dispose() => _root.Dispose();
}

/// <summary>The ShuffleNetV2 side of training runs: its files, reloading a run's folder, fine-tuning, and refusing another width.</summary>
public sealed class ShuffleNetV2TrainingTests(FinishedShuffleNetRun finished) : IClassFixture<FinishedShuffleNetRun>
{
    private static readonly ShuffleNetV2Architecture TinyArchitecture = ShuffleNetV2Architecture.Create([1, 1, 1], [8, 16, 32, 64, 128]);

    internal static ShuffleNetV2Training Tiny() => new(TinyArchitecture);

    [Fact]
    public void Load_FinishedRunFolder_ReloadsTheNetworkWithTheCardsClassesAndTransform()
    {
        using var classifier = ShuffleNetV2Classifier.Load(finished.Folder);

        classifier.Source.Kind.Should().Be(ClassifierSourceKind.RunFolder);
        classifier.Source.WeightsPath.Should().Be(Path.Combine(finished.Folder, ShuffleNetV2Training.WeightsFile));
        classifier.Card.Should().Be(finished.Result.Card);
        classifier.Classes.Should().Equal(IdxDataset.FashionMnistClasses);
        classifier.Transform.Should().Be(finished.Result.Card.Transform);
        classifier.Model!.Architecture.Should().Be(TinyArchitecture);
        using var trained = new ShuffleNetV2(TinyArchitecture, 10);
        TrainingCheckpoint.LoadWeights(Path.Combine(finished.Folder, TrainingRunFiles.LastCheckpoint), trained);
        TrainingRuns.ShouldBeIdentical(classifier.Model.state_dict(), trained.state_dict(), "model.pth against last.ckpt");
    }

    [Fact]
    public void Load_FinishedRunsOnnxFile_CarriesTheCard()
    {
        using var classifier = ShuffleNetV2Classifier.Load(Path.Combine(finished.Folder, ShuffleNetV2Training.OnnxFile));

        classifier.Engine.Should().Be(ClassifierEngine.OnnxRuntime);
        classifier.Card.Should().Be(finished.Result.Card);
    }

    [Fact]
    public void Run_Finished_WeightsInTorchvisionsKeys()
    {
        using var file = CheckpointReader.Read(Path.Combine(finished.Folder, ShuffleNetV2Training.WeightsFile));
        var keys = file.Entries.Select(e => e.Key).ToList();

        keys.Should().Contain("stage2.0.branch1.0.weight").And.Contain("fc.weight").And.NotContain(k => k.StartsWith("inverted_block", StringComparison.Ordinal));
    }

    [Fact]
    public void Prepare_ResumeCheckpointOfAnotherWidth_RefusedAndEveryFileOfTheRunByteIdentical()
    {
        var before = FolderSnapshot.Of(finished.Folder);

        var act = () => ShuffleNetV2Training.FromScratch(RunData.Options(finished.Folder, epochs: 2) with { Resume = true }, ShuffleNetV2Width.X0_5);

        act.Should().Throw<CheckpointMismatchException>().WithMessage("*does not fit: it holds shufflenet_v2 *[8,16,32,64,128]*, but this run trains shufflenet_v2 *[24,48,96,192,1024]*");
        FolderSnapshot.Of(finished.Folder).Should().BeEquivalentTo(before);
    }

    [Fact]
    public void FromScratch_ImageFolderAsTheReadmeShows_TrainsThenReloadsAndClassifiesWithTheClassNames()
    {
        using var root = new TempFolder();
        var data = RunData.ImageFolder(root.File("images"));

        var run = ShuffleNetV2Training.FromScratch(
            new TrainingRunOptions { DataPath = data, OutputFolder = root.File("runs/images"), Epochs = 1, Size = 16, BatchSize = 4, Workers = 0 },
            ShuffleNetV2Width.X0_5);
        var result = run.Run();
        using var classifier = ShuffleNetV2Classifier.Load(root.File("runs/images"));
        var predictions = classifier.Classify(Path.Combine(data, "val", "a", "0.png"), top: 2);

        run.Preset.Should().BeSameAs(TrainingPreset.ImageFolder);
        result.Card.Transform.ResizeSize.Should().Be(18, "round(16 × 256 / 224)");
        classifier.Model!.Architecture.Should().Be(ShuffleNetV2Architecture.X0_5);
        predictions.Select(p => p.Label).Should().BeEquivalentTo("a", "b");
    }

    [Fact]
    public void FromWeights_FileOfAnotherWidth_RefusedNamingTheFileAndBothWidths()
    {
        using var root = new TempFolder();
        var weights = root.File("x05.safetensors");
        using (var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5, 10))
        {
            model.SaveWeights(weights);
        }

        var act = () => ShuffleNetV2Training.FromWeights(weights, ShuffleNetV2Width.X1_0);

        act.Should().Throw<ModelMismatchException>().WithMessage($"'{weights}' holds the 0.5x width, not the 1.0x width asked for*");
        ShuffleNetV2Training.FromWeights(weights, ShuffleNetV2Width.X0_5).Network.Should().Be(ShuffleNetV2Architecture.X0_5);
    }

    [Fact]
    public void FineTune_WeightsOfAFinishedRun_FineTuningPresetFreshClassifierAndTheFilesFeatures()
    {
        using var root = new TempFolder();
        var weights = Path.Combine(finished.Folder, ShuffleNetV2Training.WeightsFile);

        var run = ShuffleNetV2Training.FineTune(RunData.Options(root.File("tuned")), weights);
        var factory = ShuffleNetV2Training.FromWeights(weights);
        random.manual_seed(0);
        using var tuned = (ShuffleNetV2)factory.CreateModule(3);
        using var original = ShuffleNetV2.FromWeights(weights);

        run.Preset.Should().BeSameAs(TrainingPreset.SmallImagesFineTuning);
        run.TrainingOptions.Optimizer.LearningRate.Should().Be(0.1 * 0.1);
        run.TrainingOptions.FineTuning!.ClassifierPrefix.Should().Be("fc.");
        run.Card.Architecture.Should().Be(TinyArchitecture.ToCard());
        factory.IsPretrained.Should().BeTrue();
        tuned.NumClasses.Should().Be(3);
        var tunedState = tuned.state_dict();
        var originalState = original.state_dict();
        foreach (var key in originalState.Keys.Where(k => !k.StartsWith("fc.", StringComparison.Ordinal)))
        {
            tunedState[key].eq(originalState[key]).all().item<bool>().Should().BeTrue($"feature '{key}' comes from the file");
        }
    }
}
