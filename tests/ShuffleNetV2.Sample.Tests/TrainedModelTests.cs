using System.IO;
using System.Linq;
using System.Text.Json;
using FluentAssertions;
using ShuffleNet.Torch.Cards;
using ShuffleNet.Torch.Onnx;
using TorchCheckpoints.Hub;
using Xunit;

namespace ShuffleNet.Torch.Sample.Tests;

/// <summary>
/// The shared run's model in the other commands, as its folder, model.pth, last.ckpt or model.onnx: the model card's
/// class names and transform follow it (classify, export-onnx, evaluate --onnx of the export, stats).
/// </summary>
[Collection(nameof(TrainedRun))]
public sealed class TrainedModelTests(TrainedRun run) : System.IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    /// <summary>The model as each command takes it ("" is the run's folder) and the file its card is read from.</summary>
    public static TheoryData<string, string> Models => new()
    {
        { "", "model.json" },
        { "model.pth", "model.json" },
        { "last.ckpt", "last.ckpt" },
        { "model.onnx", "model.onnx" },
    };

    public void Dispose() => _directory.Dispose();

    [Theory]
    [MemberData(nameof(Models))]
    public void Classify_TheRunsModel_NamesTheCardsClassesAndUsesItsTransform(string file, string cardFile)
    {
        var model = file.Length == 0 ? run.Output : run.File(file);
        var transform = run.Result.GetProperty("eval_transform");

        var table = SampleRun.Of("classify", "--image", Fixtures.Image, "--weights", model);
        var json = SampleRun.Of("classify", "--image", Fixtures.Image, "--weights", model, "--format", "json");

        table.ExitCode.Should().Be(0, table.ToString());
        table.Lines[2].Should().Be($"input:   resize {transform.GetProperty("resize").GetInt32()}, centre crop 32 (model card: {run.File(cardFile)})");
        table.Stdout.Should().NotContain("class ", "the card names every class");
        json.ExitCode.Should().Be(0, json.ToString());
        var root = JsonDocument.Parse(json.Stdout).RootElement;
        root.GetProperty("card").GetString().Should().Be(run.File(cardFile));
        (root.GetProperty("resize").GetInt32(), root.GetProperty("crop").GetInt32(), root.GetProperty("crop_width").GetInt32()).Should().Be((32, 32, 32));
        root.GetProperty("engine").GetString().Should().Be(file == "model.onnx" ? "onnx" : "torchsharp");
        var top = root.GetProperty("top").EnumerateArray().Select(p => (Index: p.GetProperty("index").GetInt32(), Label: p.GetProperty("label").GetString())).ToList();
        top.Should().HaveCount(5);
        top.Should().OnlyContain(p => p.Label == TrainingData.FashionClasses[p.Index]);
    }

    [Fact]
    public void Classify_TopOmittedOnAModelWithThreeClasses_PrintsThemAll()
    {
        var weights = _directory.File("three.pth");
        using (var model = ShuffleNetV2.Create(Fixtures.TinyRepeats, Fixtures.TinyChannels, 3))
        {
            model.SaveWeights(weights);
            ShuffleNetV2Cards.Create(model.Architecture, ["circle", "square", "triangle"], new ImageClassificationTransform(32, 32, 36, [0.5f, 0.5f, 0.5f], [0.25f, 0.25f, 0.25f]))
                .Write(Path.ChangeExtension(weights, ".json"));
        }

        var classify = SampleRun.Of("classify", "--image", Fixtures.Image, "--weights", weights, "--format", "json");

        classify.ExitCode.Should().Be(0, classify.ToString());
        var root = JsonDocument.Parse(classify.Stdout).RootElement;
        root.GetProperty("top").EnumerateArray().Select(p => p.GetProperty("label").GetString()).Should().BeEquivalentTo("circle", "square", "triangle");
        (root.GetProperty("resize").GetInt32(), root.GetProperty("crop").GetInt32()).Should().Be((36, 32));
    }

    [Theory]
    [InlineData("")]
    [InlineData("model.pth")]
    [InlineData("last.ckpt")]
    public void ExportOnnx_TheRunsModel_RecordsTheCardAndEvaluatesAsTheWeights(string file)
    {
        var model = file.Length == 0 ? run.Output : run.File(file);
        var onnxPath = _directory.File("exported.onnx");
        var transform = run.Result.GetProperty("eval_transform");

        var export = SampleRun.Of("export-onnx", "--weights", model, "--output", onnxPath);
        var fromOnnx = Evaluate("--onnx", onnxPath);
        var fromWeights = Evaluate("--weights", run.Output);

        export.ExitCode.Should().Be(0, export.ToString());
        export.Stdout.Should().Contain($"; its model card (from {run.File(file == "last.ckpt" ? file : "model.json")}): ");
        using (var onnx = OnnxImageClassifier.Load(onnxPath, intraOpThreads: 1))
        {
            onnx.Labels.Should().Equal(TrainingData.FashionClasses);
            onnx.Card!.Classes.Should().Equal(TrainingData.FashionClasses);
            onnx.Preprocessing!.CropHeight.Should().Be(32);
            onnx.Preprocessing.ResizeSize.Should().Be(transform.GetProperty("resize").GetInt32());
            onnx.Preprocessing.Mean.Should().Equal(transform.GetProperty("mean").EnumerateArray().Select(e => e.GetSingle()));
            onnx.Preprocessing.Std.Should().Equal(transform.GetProperty("std").EnumerateArray().Select(e => e.GetSingle()));
        }

        fromOnnx.GetProperty("eval_transform_source").GetString().Should().Be(onnxPath);
        fromOnnx.GetProperty("eval_transform").GetRawText().Should().Be(fromWeights.GetProperty("eval_transform").GetRawText());
        fromOnnx.GetProperty("top1").GetDouble().Should().BeApproximately(fromWeights.GetProperty("top1").GetDouble(), 0.1);
    }

    [Fact]
    public void Stats_TheRunsFolder_UsesTheCardsInputSize()
    {
        var stats = SampleRun.Of("stats", "--weights", run.Output);

        stats.ExitCode.Should().Be(0, stats.ToString());
        stats.Lines[0].Should().Be("[4, 10]");
        stats.Lines.Should().Contain(l => l.StartsWith("Input [1, 3, 32, 32] float32 on cpu, batch 1:", System.StringComparison.Ordinal));
    }

    private JsonElement Evaluate(string option, string model)
    {
        var evaluation = SampleRun.Of("evaluate", option, model, "--data", run.Data, "--format", "json", "--workers", "0", "--threads", "1");
        evaluation.ExitCode.Should().Be(0, evaluation.ToString());
        return JsonDocument.Parse(evaluation.LastLine).RootElement.Clone();
    }
}
