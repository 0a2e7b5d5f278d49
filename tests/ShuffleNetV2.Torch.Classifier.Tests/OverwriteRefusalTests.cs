using System;
using System.IO;
using System.Linq;
using FluentAssertions;
using ShuffleNet.Torch.Onnx.Quantization;
using TorchCheckpoints;
using TorchTraining.Checkpoints;
using Xunit;

namespace ShuffleNet.Torch.Classifier.Tests;

/// <summary>An export or quantization never replaces a file the classifier was read from; the file stays byte for byte.</summary>
public sealed class OverwriteRefusalTests : IDisposable
{
    private readonly TinyModels _models = new();

    public void Dispose() => _models.Dispose();

    [Theory]
    [InlineData("model.pth", "the file the model's weights were read from")]
    [InlineData(ModelCard.FileName, "the model card the classifier was read with")]
    [InlineData(TrainingCheckpoint.LastFileName, "a checkpoint of the run the model was read from")]
    public void ExportOnnx_OntoAFileOfTheRunFolder_ThrowsAndLeavesItUnchanged(string name, string what)
    {
        var folder = RunFolder();
        var target = Path.Combine(folder, name);
        var before = File.ReadAllBytes(target);
        using var classifier = ShuffleNetV2Classifier.Load(folder);

        var act = () => classifier.ExportOnnx(target);

        act.Should().Throw<SourceOverwriteException>().WithMessage($"'{target}' is {what}; write to another file (nothing was written).")
            .Which.OutputPath.Should().Be(target);
        File.ReadAllBytes(target).Should().Equal(before);
    }

    [Fact]
    public void Quantize_OntoTheWeightsFileGivenByARelativePath_ThrowsBeforeCalibrating()
    {
        var weights = _models.SaveWithSiblingCard("fashion.pth", TinyModels.Card(classes: 10, transform: TinyModels.FashionTransform), classes: 10);
        var before = File.ReadAllBytes(weights);
        using var classifier = ShuffleNetV2Classifier.Load(weights);
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, weights);

        var act = () => classifier.Quantize(relative, TinyModels.FashionSubset, new OnnxQuantizationOptions { MaxCalibrationBatches = 1 }, batchSize: 4);

        act.Should().Throw<SourceOverwriteException>().Which.OutputPath.Should().Be(weights);
        File.ReadAllBytes(weights).Should().Equal(before);
    }

    [Fact]
    public void ExportOnnx_OntoAnotherFileOfTheFolder_Writes()
    {
        var folder = RunFolder();
        using var classifier = ShuffleNetV2Classifier.Load(folder);

        classifier.ExportOnnx(Path.Combine(folder, "model.onnx"));

        File.Exists(Path.Combine(folder, "model.onnx")).Should().BeTrue();
    }

    [Fact]
    public void Files_OfARunFolder_AreTheWeightsTheCardAndTheCheckpointsButNotTheFolder()
    {
        var folder = RunFolder();
        using var classifier = ShuffleNetV2Classifier.Load(folder);

        classifier.Source.Files.Should().BeEquivalentTo(
            new[] { "model.pth", ModelCard.FileName, TrainingCheckpoint.LastFileName, TrainingCheckpoint.BestFileName }.Select(n => Path.Combine(folder, n)));
    }

    [Fact]
    public void Files_OfANetworkInMemory_AreNone()
    {
        using var classifier = ShuffleNetV2Classifier.FromModel(TinyModels.Model(), TinyModels.Card());

        classifier.Source.Files.Should().BeEmpty();
        var act = () => classifier.Source.RefuseOverwrite(_models.File("any.onnx"));
        act.Should().NotThrow();
    }

    /// <summary>A finished run's folder: model.pth named by model.json, and a last.ckpt file standing for its checkpoint.</summary>
    private string RunFolder()
    {
        var folder = Directory.CreateDirectory(_models.File("run")).FullName;
        using (var model = TinyModels.Model(seed: 2))
        {
            model.SaveWeights(Path.Combine(folder, "model.pth"), CheckpointFormat.PyTorchZip);
        }

        (TinyModels.Card() with { Weights = "model.pth" }).Write(Path.Combine(folder, ModelCard.FileName));
        File.WriteAllBytes(Path.Combine(folder, TrainingCheckpoint.LastFileName), [1, 2, 3]);
        return folder;
    }
}
