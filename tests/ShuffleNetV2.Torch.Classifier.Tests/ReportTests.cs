using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using FluentAssertions;
using ShuffleNet.Torch.Classifier.Reports;
using ShuffleNet.Torch.Onnx.Quantization;
using ShuffleNet.Torch.Pretrained;
using Xunit;

namespace ShuffleNet.Torch.Classifier.Tests;

/// <summary>The reports of classification, evaluation, ONNX export, quantization and the registry, in each of their formats.</summary>
public sealed class ReportTests : IDisposable
{
    private readonly TinyModels _models = new();

    public void Dispose() => _models.Dispose();

    [Fact]
    public void Classification_Text_NamesTheImageWeightsTransformAndTheCardsClasses()
    {
        var path = _models.SaveWithSiblingCard("named.pth");
        using var classifier = ShuffleNetV2Classifier.Load(path);
        var image = TinyModels.Image("rgb_240x320.png");
        var expected = classifier.Classify(image, 3);

        var lines = ClassificationReport.Create(classifier, image, 3).Format(ReportFormat.Text).Split('\n');

        lines[0].Should().Be("image:   " + image);
        lines[1].Should().Be("weights: " + path);
        lines[2].Should().Be($"input:   resize 44, centre crop 32x40 (model card: {Path.ChangeExtension(path, ".json")})");
        lines[3].Should().Be("engine:  torchsharp, 3 classes");
        lines[5].Split(' ', StringSplitOptions.RemoveEmptyEntries).Should().Equal("rank", "index", "probability", "label");
        lines.Skip(6).Take(3).Select(l => l.Split("  ", StringSplitOptions.RemoveEmptyEntries)[^1].Trim()).Should().Equal(expected.Select(p => p.Label));
    }

    [Fact]
    public void Classification_JsonCsvAndMarkdown_UnnamedClassesAreNullEmptyAndClassN()
    {
        using var classifier = ShuffleNetV2Classifier.Open(ModelReference.Untrained, new ClassifierLoadOptions { Width = ShuffleNetV2Width.X0_5, NumClasses = 4 });
        var report = ClassificationReport.Create(classifier, TinyModels.Image("rgb_45x31.png"), 2);

        using var json = JsonDocument.Parse(report.Format(ReportFormat.Json));
        var csv = report.Format(ReportFormat.Csv).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var markdown = report.Format(ReportFormat.Markdown);

        json.RootElement.GetProperty("weights").ValueKind.Should().Be(JsonValueKind.Null);
        json.RootElement.GetProperty("classes").GetInt32().Should().Be(4);
        json.RootElement.GetProperty("top").EnumerateArray().Should().HaveCount(2).And.OnlyContain(p => p.GetProperty("label").ValueKind == JsonValueKind.Null);
        csv[0].Should().Be("rank,index,probability,label");
        csv.Skip(1).Should().HaveCount(2).And.OnlyContain(row => row.EndsWith(','));
        csv[1].Should().StartWith("1,");
        markdown.Should().StartWith("# Top 2 classes\n").And.Contain("- weights: none (random weights)\n").And.Contain($"| class {report.Top[0].Index} |");
    }

    [Fact]
    public void Classification_CsvCellsWithCommasAndQuotes_AreQuoted()
    {
        using var classifier = ShuffleNetV2Classifier.Load(_models.SaveWithSiblingCard("quoted.pth"), new ClassifierLoadOptions { Classes = ["a, b", "say \"c\"", "d"] });

        var rows = ClassificationReport.Create(classifier, TinyModels.Image("rgb_45x31.png")).Format(ReportFormat.Csv).Split('\n');

        rows.Should().Contain(r => r.EndsWith(",\"a, b\"", StringComparison.Ordinal)).And.Contain(r => r.EndsWith(",\"say \"\"c\"\"\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Evaluation_Json_AccuraciesInPercentAndTheTransformsSource()
    {
        var path = _models.SaveWithSiblingCard("fashion.pth", TinyModels.Card(classes: 10, transform: TinyModels.FashionTransform), classes: 10, seed: 6);
        using var classifier = ShuffleNetV2Classifier.Load(path);

        var report = EvaluationReport.Create(classifier, TinyModels.FashionSubset, new EvaluationOptions { BatchSize = 250, Workers = 0 });
        using var json = JsonDocument.Parse(report.Format(ReportFormat.Json));

        var root = json.RootElement;
        root.GetProperty("model").GetString().Should().Be(path);
        root.GetProperty("count").GetInt32().Should().Be(500);
        root.GetProperty("top1").GetDouble().Should().Be(Math.Round(report.Evaluation.Result.Top1 * 100, 6));
        root.GetProperty("per_class").GetArrayLength().Should().Be(10);
        root.GetProperty("eval_transform").GetProperty("size").EnumerateArray().Select(e => e.GetInt32()).Should().Equal(28, 28);
        root.GetProperty("eval_transform_source").GetString().Should().Be(Path.ChangeExtension(path, ".json"));
        report.Format(ReportFormat.Text).Should().Contain("top-1  ").And.Contain($"(from {Path.ChangeExtension(path, ".json")})");
        var act = () => report.Format(ReportFormat.Csv);
        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void OnnxExport_WithoutACard_SaysSoAndFixesTheSize()
    {
        using var classifier = ShuffleNetV2Classifier.Open(ModelReference.Untrained, new ClassifierLoadOptions { Width = ShuffleNetV2Width.X0_5, NumClasses = 5 });
        var path = _models.File("untrained.onnx");

        var text = OnnxExportReport.Create(classifier, path, new ImageSize(64, 48)).ToText();

        text.Should().Be($"Exported ShuffleNetV2 0.5x, 5 classes, to {path}: ONNX opset 13, input [batch, 3, 64, 48], output [batch, 5]; "
            + "no model card (no classes or transform are known for these weights).\n");
        File.Exists(path).Should().BeTrue();
    }

    [Fact]
    public void OnnxExport_WithACard_NamesWhereTheCardCameFrom()
    {
        var weights = _models.SaveWithSiblingCard("carded.pth");
        using var classifier = ShuffleNetV2Classifier.Load(weights);

        var text = OnnxExportReport.Create(classifier, _models.File("carded.onnx")).ToText();

        text.Should().EndWith($"input [batch, 3, height, width], output [batch, 3]; its model card (from {Path.ChangeExtension(weights, ".json")}): "
            + $"{TinyModels.Transform.Describe()}, classes cat, dog's toy, été.\n");
    }

    [Fact]
    public void Quantization_Text_NamesTheCalibrationAndTheSizeRatio()
    {
        var weights = _models.SaveWithSiblingCard("fashion.pth", TinyModels.Card(classes: 10, transform: TinyModels.FashionTransform), classes: 10, seed: 6);
        using var classifier = ShuffleNetV2Classifier.Load(weights);
        var output = _models.File("fashion.int8.onnx");

        var report = QuantizationReport.Create(classifier, output, TinyModels.FashionSubset, new OnnxQuantizationOptions { Method = CalibrationMethod.MinMax, MaxCalibrationBatches = 1 }, 8);

        report.ToText().Should().StartWith(
            $"Quantized '{weights}' to {output}: int8 QDQ, ONNX opset 13, 10 classes; calibrated by min/max on 1 batches (8 images) of the train split of '{TinyModels.FashionSubset}' "
            + $"with the eval transform {TinyModels.FashionTransform.Describe()} (from {Path.ChangeExtension(weights, ".json")}); "
            + $"{new FileInfo(output).Length.ToString("N0", CultureInfo.InvariantCulture)} bytes, ");
    }

    [Fact]
    public void PretrainedWeights_TableAndJson_OneEntryPerWidth()
    {
        var table = PretrainedWeightsReport.Format(ReportFormat.Text).Split('\n');
        using var json = JsonDocument.Parse(PretrainedWeightsReport.Format(ReportFormat.Json));

        table[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).Should().Equal("width", "name", "file", "MB", "params", "GFLOPS", "acc@1", "acc@5", "resize", "crop");
        table.Skip(1).Take(4).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]).Should().Equal(ShuffleNetV2Weights.All.Select(e => e.Name));
        table[6].Should().StartWith("Every entry: 1000 ImageNet categories, bilinear resize");
        json.RootElement.EnumerateArray().Select(e => e.GetProperty("file_name").GetString()).Should().Equal(ShuffleNetV2Weights.All.Select(e => e.FileName));
    }
}
