using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using FluentAssertions;
using Microsoft.ML.OnnxRuntime;
using TorchCheckpoints;
using TorchCheckpoints.Hub;
using Xunit;

namespace ShuffleNet.Torch.Onnx.Tests;

/// <summary>The model card in ONNX metadata (key model_card), its transform and classes as preprocessing and labels, and atomic export.</summary>
public sealed class ModelCardMetadataTests : IDisposable
{
    private static readonly string[] Classes = ["cat", "dog's toy", "été"];
    private readonly string _directory = Directory.CreateTempSubdirectory("shufflenet-onnx-card-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void ExportToOnnx_WithCard_RecordsItAndLoadReadsBackAnEqualCard()
    {
        using var model = SmallModel(Classes.Length);
        var card = Card(Classes.Length);
        var path = Path.Combine(_directory, "model.onnx");

        model.ExportToOnnx(path, new OnnxExportOptions { Card = card });

        using var onnx = OnnxImageClassifier.Load(path);
        onnx.Card.Should().Be(card);
        onnx.Card!.Provenance!.Metrics["test_top1"].Should().Be(0.5);
        using var session = new InferenceSession(path);
        session.ModelMetadata.CustomMetadataMap["model_card"].Should().Be(card.ToJson());
    }

    [Fact]
    public void ExportToOnnx_WithCardOnly_RecordsItsTransformAsPreprocessingAndItsClassesAsLabels()
    {
        using var model = SmallModel(Classes.Length);
        var path = Path.Combine(_directory, "model.onnx");

        model.ExportToOnnx(path, new OnnxExportOptions { Card = Card(Classes.Length) });

        using var session = new InferenceSession(path);
        var metadata = session.ModelMetadata.CustomMetadataMap;
        metadata.Keys.Should().BeEquivalentTo("preprocessing.input_size", "preprocessing.mean", "preprocessing.std", "labels", "model_card");
        metadata["preprocessing.input_size"].Should().Be("48,40");
        metadata["preprocessing.mean"].Should().Be("0.5,0.4,0.3");
        metadata["preprocessing.std"].Should().Be("0.2,0.25,0.3");
        metadata["labels"].Should().Be("""["cat","dog's toy","été"]""");
        using var onnx = OnnxImageClassifier.Load(path);
        onnx.Preprocessing.Should().Be(new ImageClassificationTransform(48, 40, null, [0.5f, 0.4f, 0.3f], [0.2f, 0.25f, 0.3f]));
        onnx.Labels.Should().Equal(Classes);
    }

    [Fact]
    public void ExportToOnnx_ExplicitPreprocessingAndLabels_TakePrecedenceOverTheCards()
    {
        using var model = SmallModel(Classes.Length);
        var card = Card(Classes.Length);
        var preprocessing = new ImageClassificationTransform(32, 32, 36, [0.1f, 0.1f, 0.1f], [0.9f, 0.9f, 0.9f]);
        string[] labels = ["x", "y", "z"];

        using var onnx = OnnxImageClassifier.FromModel(model, exportOptions: new OnnxExportOptions { Card = card, Preprocessing = preprocessing, Labels = labels });

        onnx.Preprocessing.Should().Be(preprocessing);
        onnx.Labels.Should().Equal(labels);
        onnx.Card.Should().Be(card);
    }

    [Fact]
    public void ExportToOnnx_WithoutCard_RecordsNone()
    {
        using var model = SmallModel(Classes.Length);

        using var onnx = OnnxImageClassifier.FromModel(model);

        onnx.Card.Should().BeNull();
    }

    [Fact]
    public void ExportToOnnx_CardWithAnotherClassCount_IsRefusedBeforeAnythingIsWritten()
    {
        using var model = SmallModel(Classes.Length);
        var path = Path.Combine(_directory, "model.onnx");
        File.WriteAllBytes(path, [1, 2, 3]);

        var act = () => model.ExportToOnnx(path, new OnnxExportOptions { Card = Card(4) });

        act.Should().Throw<ArgumentException>().WithMessage("The model has 3 classes but 4 labels were given (by the model card).*");
        File.ReadAllBytes(path).Should().Equal(1, 2, 3);
        Directory.GetFiles(_directory).Should().Equal(path);
    }

    [Fact]
    public void ExportToOnnx_CardWithAnotherClassCountAndRightLabels_IsStillRefused()
    {
        using var model = SmallModel(Classes.Length);
        var path = Path.Combine(_directory, "model.onnx");

        var act = () => model.ExportToOnnx(path, new OnnxExportOptions { Card = Card(4), Labels = Classes });

        act.Should().Throw<ArgumentException>().WithMessage("*3 classes*model card*4*");
        File.Exists(path).Should().BeFalse();
    }

    [Fact]
    public void ExportToOnnx_OneChannelCard_IsRefused()
    {
        using var model = SmallModel(Classes.Length);
        var card = Card(Classes.Length) with { Transform = new ImageClassificationTransform(32, 32, null, [0.5f], [0.5f]) };

        var act = () => model.ToOnnxBytes(new OnnxExportOptions { Card = card });

        act.Should().Throw<ArgumentException>().WithMessage("The preprocessing gives 1 channel(s); the network takes 3.*");
    }

    [Fact]
    public void ExportToOnnx_OverAnOpenFile_ReplacesItWholeInsteadOfRewritingItInPlace()
    {
        using var model = SmallModel(Classes.Length);
        var path = Path.Combine(_directory, "model.onnx");
        File.WriteAllBytes(path, [1, 2, 3]);
        using var earlier = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);

        model.ExportToOnnx(path, new OnnxExportOptions { Card = Card(Classes.Length) });

        // A rename gives the name a new file: the reader still holds the old one, whole.
        using var old = new MemoryStream();
        earlier.CopyTo(old);
        old.ToArray().Should().Equal(1, 2, 3);
        Directory.GetFiles(_directory).Should().Equal(path);
        using var onnx = OnnxImageClassifier.Load(path);
        onnx.Card.Should().Be(Card(Classes.Length));
    }

    [Fact]
    public void ExportToOnnx_WhenTheFileCannotBeReplaced_ThrowsIOExceptionNamingItAndLeavesNoTemporaryFile()
    {
        using var model = SmallModel(Classes.Length);
        var path = Path.Combine(_directory, "model.onnx");
        Directory.CreateDirectory(Path.Combine(path, "occupied"));

        var act = () => model.ExportToOnnx(path, new OnnxExportOptions { Card = Card(Classes.Length) });

        act.Should().Throw<IOException>().WithMessage($"Cannot write the ONNX file '{path}'*");
        Directory.GetFiles(_directory).Should().BeEmpty();
        Directory.Exists(Path.Combine(path, "occupied")).Should().BeTrue();
    }

    private static ShuffleNetV2 SmallModel(int classes) => ShuffleNetV2.Create([1, 1, 1], [8, 16, 32, 64, 128], numClasses: classes);

    private static ModelCard Card(int classes) => new()
    {
        Architecture = new ModelArchitecture("shufflenet_v2", JsonDocument.Parse("""{"stages_repeats": [1, 1, 1], "stages_out_channels": [8, 16, 32, 64, 128]}""").RootElement),
        Classes = classes == Classes.Length ? Classes : Enumerable.Range(0, classes).Select(i => $"class {i}").ToArray(),
        Transform = new ImageClassificationTransform(48, 40, null, [0.5f, 0.4f, 0.3f], [0.2f, 0.25f, 0.3f]),
        Provenance = new ModelProvenance { Recipe = "test", Metrics = new Dictionary<string, double> { ["test_top1"] = 0.5 } },
    };
}
