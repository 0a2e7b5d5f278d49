using System.IO;
using System.Linq;
using System.Text.Json;
using FluentAssertions;
using ShuffleNet.Torch;
using ShuffleNet.Torch.Cards;
using ShuffleNet.Torch.Classifier;
using ShuffleNet.Torch.Classifier.Reports;
using TorchTraining.Runs;
using TorchTraining.Tests.Support;
using Xunit;

namespace TorchTraining.Tests.Runs;

/// <summary><see cref="ShuffleNetV2Training.Prepare"/> (either kind of run in one call) and <see cref="TrainingReport"/> of a finished run.</summary>
public sealed class ShuffleNetV2TrainingReportTests(FinishedShuffleNetRun finished) : IClassFixture<FinishedShuffleNetRun>
{
    [Fact]
    public void Prepare_WithoutWeights_TrainsTheWidthFromScratch()
    {
        using var root = new TempFolder();

        var run = ShuffleNetV2Training.Prepare(RunData.Options(root.File("scratch")), ShuffleNetV2Width.X0_5);

        run.Preset.Should().BeSameAs(TrainingPreset.SmallImages);
        run.Card.Architecture.ToShuffleNetV2().Should().Be(ShuffleNetV2Architecture.X0_5);
    }

    [Fact]
    public void Prepare_WithWeights_FineTunesTheFilesNetwork()
    {
        using var root = new TempFolder();

        var run = ShuffleNetV2Training.Prepare(RunData.Options(root.File("tuned")), weightsPath: Path.Combine(finished.Folder, ShuffleNetV2Training.WeightsFile));

        run.Preset.Should().BeSameAs(TrainingPreset.SmallImagesFineTuning);
        run.Card.Architecture.Should().Be(finished.Result.Card.Architecture);
    }

    [Fact]
    public void Plan_PreparedRun_NamesTheNetworkDataEpochsAndFolder()
    {
        using var root = new TempFolder();
        var run = ShuffleNetV2Training.Prepare(RunData.Options(root.File("planned"), epochs: 3), ShuffleNetV2Width.X0_5);

        TrainingReport.Plan(run).Should().Be(
            $"training ShuffleNetV2 0.5x on {Fixtures.FashionSubset} (idx, 10 classes, 2000 training and 500 test images) for 3 epochs; input 16x16, batch 128, "
            + $"sgd lr 0.1 (small-images preset); files in {root.File("planned")}");
    }

    [Fact]
    public void Json_FinishedRun_OneLineWithTheResultTheTransformAndTheFiles()
    {
        var text = TrainingReport.Create(finished.Result).Format(ReportFormat.Json);

        text.Should().EndWith("\n");
        text[..^1].Should().NotContain("\n", "the result is one line");
        var root = JsonDocument.Parse(text).RootElement;
        var final = finished.Result.History[^1];
        root.GetProperty("stages_repeats").EnumerateArray().Select(e => e.GetInt32()).Should().Equal(1, 1, 1);
        root.GetProperty("epochs").GetInt32().Should().Be(finished.Result.History.Count);
        root.GetProperty("test_top1").GetDouble().Should().Be(System.Math.Round(final.TestTop1 * 100, 6));
        root.GetProperty("final_train_loss").GetDouble().Should().Be(final.TrainLoss);
        root.GetProperty("eval_transform").GetProperty("size").EnumerateArray().Select(e => e.GetInt32()).Should().Equal(16, 16);
        root.GetProperty("files").EnumerateObject().Select(p => p.Name).Should().Equal(
            "model", "model_record", "onnx", "last_checkpoint", "best_checkpoint", "metrics_csv", "metrics_jsonl", "curves", "confusion");
        root.GetProperty("files").EnumerateObject().Should().OnlyContain(p => File.Exists(p.Value.GetString()));
    }

    [Fact]
    public void Text_FinishedRunOfACustomArchitecture_SummaryWithoutThePythonLine()
    {
        var text = TrainingReport.Create(finished.Result).Format(ReportFormat.Text);

        text.Should().StartWith("ShuffleNetV2 (stages_repeats [1, 1, 1], stages_out_channels [8, 16, 32, 64, 128]), 10 classes, trained for 1 epochs on ")
            .And.Contain("\nfiles:\n  " + Path.Combine(finished.Folder, ShuffleNetV2Training.WeightsFile) + "\n")
            .And.NotContain("In Python", "torchvision has no builder for this architecture");
    }
}
