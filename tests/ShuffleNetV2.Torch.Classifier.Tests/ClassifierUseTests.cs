using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using FluentAssertions;
using ShuffleNet.Torch.Onnx;
using ShuffleNet.Torch.Onnx.Quantization;
using Xunit;

namespace ShuffleNet.Torch.Classifier.Tests;

/// <summary>What a loaded classifier does: top-k with its class count, evaluation, ONNX export and int8 quantization with its card.</summary>
public sealed class ClassifierUseTests : IDisposable
{
    private readonly TinyModels _models = new();

    public void Dispose() => _models.Dispose();

    [Fact]
    public void Classify_TopNotGiven_IsFiveOrTheClassCount()
    {
        using var three = ShuffleNetV2Classifier.Load(_models.SaveWithSiblingCard("three.pth"));
        using var ten = ShuffleNetV2Classifier.Load(FashionWeights());
        var image = TinyModels.Image("rgb_240x320.png");

        three.Classify(image).Should().HaveCount(3);
        ten.Classify(image).Should().HaveCount(5);
        ten.Classify(image, top: 10).Select(p => p.Index).Should().BeEquivalentTo(Enumerable.Range(0, 10));
        three.Classify(image, top: 2).Should().HaveCount(2);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(0)]
    public void Classify_TopOutsideOneToTheClassCount_ThrowsArgumentOutOfRange(int requested)
    {
        using var classifier = ShuffleNetV2Classifier.Load(_models.SaveWithSiblingCard("top.pth"));

        var act = () => classifier.Classify(TinyModels.Image("rgb_240x320.png"), requested);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("top").WithMessage($"top must be between 1 and the model's 3 classes, got {requested}.*");
    }

    [Fact]
    public void Evaluate_WeightsAndTheirExportedOnnxFile_GiveTheSameTop1()
    {
        using var torch = ShuffleNetV2Classifier.Load(FashionWeights());
        var onnxPath = _models.File("fashion.onnx");
        torch.ExportOnnx(onnxPath);
        using var onnx = ShuffleNetV2Classifier.Load(onnxPath, new ClassifierLoadOptions { OnnxThreads = 1 });
        var settings = new EvaluationOptions { BatchSize = 250, Workers = 1 };

        var fromWeights = torch.Evaluate(TinyModels.FashionSubset, settings);
        var fromOnnx = onnx.Evaluate(TinyModels.FashionSubset, settings);

        fromWeights.Result.Count.Should().Be(500);
        fromOnnx.Result.Count.Should().Be(500);
        fromOnnx.Result.Top1.Should().Be(fromWeights.Result.Top1);
        fromOnnx.Result.PerClassAccuracy.Should().Equal(fromWeights.Result.PerClassAccuracy);
        fromWeights.Data.TestSplit.Should().Be("t10k");
        fromWeights.ClassNamesMatch.Should().BeFalse("the card names its classes 'class 0' to 'class 9'");
    }

    [Fact]
    public void Evaluate_DataWithAnotherClassCount_ThrowsNamingBoth()
    {
        var path = _models.SaveWithSiblingCard("three-classes.pth");
        using var classifier = ShuffleNetV2Classifier.Load(path);

        var act = () => classifier.Evaluate(TinyModels.FashionSubset);

        act.Should().Throw<InvalidDataException>().WithMessage($"'{path}' has 3 classes but the data in '{TinyModels.FashionSubset}' has 10.");
    }

    [Fact]
    public void ExportOnnx_Always_WritesTheCardIntoTheFile()
    {
        using var classifier = ShuffleNetV2Classifier.Load(_models.SaveWithSiblingCard("export.pth"));
        var path = _models.File("export.onnx");

        classifier.ExportOnnx(path);

        using var onnx = OnnxImageClassifier.Load(path);
        onnx.Card.Should().Be(TinyModels.Card());
        onnx.Preprocessing.Should().Be(TinyModels.Transform);
        onnx.Labels.Should().Equal(TinyModels.Classes);
    }

    [Fact]
    public void Quantize_FashionSubset_WritesAnInt8FileThatRecordsTheCard()
    {
        using var classifier = ShuffleNetV2Classifier.Load(FashionWeights());
        var path = _models.File("fashion-int8.onnx");

        var quantized = classifier.Quantize(path, TinyModels.FashionSubset, new OnnxQuantizationOptions { MaxCalibrationBatches = 2 }, batchSize: 16);

        File.ReadAllBytes(path).Should().Equal(quantized.Bytes.ToArray());
        quantized.CalibrationBatches.Should().Be(2);
        quantized.CalibrationImages.Should().Be(32);
        var counts = quantized.RuntimeOperatorCounts();
        (counts.GetValueOrDefault("QLinearConv") + counts.GetValueOrDefault("com.microsoft.QLinearConv")).Should().BeGreaterThan(0);
        using var onnx = OnnxImageClassifier.Load(path);
        onnx.Card.Should().Be(classifier.Card);
        onnx.Preprocessing.Should().Be(TinyModels.FashionTransform);
        using var fromFile = ShuffleNetV2Classifier.Load(path);
        fromFile.Card.Should().Be(classifier.Card);
        fromFile.Classify(TinyModels.Image("gray_260x270.png")).Should().HaveCount(5);
    }

    [Fact]
    public void Quantize_FormatOptions_ReachTheFile()
    {
        using var classifier = ShuffleNetV2Classifier.Load(FashionWeights());
        OnnxQuantizationOptions Options(QuantizedActivationType type, params string[] floatLayers) =>
            new() { MaxCalibrationBatches = 1, ActivationType = type, FloatLayers = floatLayers };

        var signed = classifier.Quantize(_models.File("s8.onnx"), TinyModels.FashionSubset, Options(QuantizedActivationType.S8), batchSize: 8);
        var allInt8 = classifier.Quantize(_models.File("u8.onnx"), TinyModels.FashionSubset, Options(QuantizedActivationType.U8), batchSize: 8);
        var floatStem = classifier.Quantize(_models.File("u8-float-stem.onnx"), TinyModels.FashionSubset, Options(QuantizedActivationType.U8, "conv1.0"), batchSize: 8);

        signed.ActivationType.Should().Be(QuantizedActivationType.S8);
        floatStem.FloatLayers.Should().Equal(OnnxQuantizationOptions.StemConvolution);
        allInt8.FloatLayers.Should().BeEmpty();
        QLinearConvs(floatStem).Should().Be(QLinearConvs(allInt8) - 1, "the stem stays a float convolution");
        using var onnx = OnnxImageClassifier.Load(_models.File("u8-float-stem.onnx"));
        onnx.Card.Should().Be(classifier.Card);
    }

    private static int QLinearConvs(QuantizedOnnxModel model)
    {
        var counts = model.RuntimeOperatorCounts();
        return counts.GetValueOrDefault("QLinearConv") + counts.GetValueOrDefault("com.microsoft.QLinearConv");
    }

    private string FashionWeights() => _models.SaveWithSiblingCard("fashion.pth", TinyModels.Card(classes: 10, transform: TinyModels.FashionTransform), classes: 10, seed: 6);
}
