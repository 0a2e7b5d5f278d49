using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using FluentAssertions;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using TorchImaging;
using ShuffleNet.Torch.Pretrained;
using TorchCheckpoints;
using TorchCheckpoints.Hub;
using Xunit;

namespace ShuffleNet.Torch.Onnx.Tests;

public sealed class PreprocessingMetadataTests
{
    private static readonly string[] FashionMnistLabels =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    // Fashion-MNIST's grey value replicated to three channels, upscaled straight to 64×64.
    private static readonly ImageClassificationTransform FashionMnist = new(64, 64, null, [0.286f, 0.286f, 0.286f], [0.353f, 0.353f, 0.353f]);

    [Fact]
    public void Load_CustomPreprocessingAndLabels_ReadsThemBack()
    {
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5, numClasses: 10);
        using var file = new TemporaryFile();
        model.ExportToOnnx(file.Path, new OnnxExportOptions { Preprocessing = FashionMnist, Labels = FashionMnistLabels });

        using var onnx = OnnxImageClassifier.Load(file.Path);

        onnx.Preprocessing.Should().NotBeNull();
        onnx.Preprocessing!.CropHeight.Should().Be(64);
        onnx.Preprocessing.CropWidth.Should().Be(64);
        onnx.Preprocessing.ResizeSize.Should().BeNull();
        onnx.Preprocessing.Mean.Should().Equal(0.286f, 0.286f, 0.286f);
        onnx.Preprocessing.Std.Should().Equal(0.353f, 0.353f, 0.353f);
        onnx.Labels.Should().Equal(FashionMnistLabels);
    }

    [Fact]
    public void ExportToOnnx_CustomPreprocessingAndLabels_WritesTheDocumentedMetadataProps()
    {
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5, numClasses: 3);
        using var file = new TemporaryFile();
        model.ExportToOnnx(file.Path, new OnnxExportOptions { Preprocessing = FashionMnist, Labels = ["cat", "dog's \"best\" friend", "é/ü"] });

        using var session = new InferenceSession(file.Path);

        session.ModelMetadata.CustomMetadataMap.Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["preprocessing.input_size"] = "64,64",
            ["preprocessing.mean"] = "0.286,0.286,0.286",
            ["preprocessing.std"] = "0.353,0.353,0.353",
            ["labels"] = """["cat","dog's \"best\" friend","é/ü"]""",
        });
    }

    [Fact]
    public void FromModel_DefaultOptions_RecordsTheImageNetTransformAndNoLabels()
    {
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5, numClasses: 10);

        using var onnx = OnnxImageClassifier.FromModel(model);

        onnx.Preprocessing.Should().BeEquivalentTo(new { CropHeight = 224, CropWidth = 224, ResizeSize = 256, Mean = new[] { 0.485f, 0.456f, 0.406f }, Std = new[] { 0.229f, 0.224f, 0.225f } });
        onnx.Labels.Should().BeNull();
    }

    [Fact]
    public void ExportToOnnx_DefaultOptions_WritesTheImageNetKeysWithResize()
    {
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5, numClasses: 10);

        var metadata = ModelProto.Parser.ParseFrom(model.ToOnnxBytes()).MetadataProps.ToDictionary(p => p.Key, p => p.Value);

        metadata.Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["preprocessing.input_size"] = "224,224",
            ["preprocessing.resize_size"] = "256",
            ["preprocessing.mean"] = "0.485,0.456,0.406",
            ["preprocessing.std"] = "0.229,0.224,0.225",
        });
    }

    [Fact]
    public void ImageNet_Always_EqualsTheImagingPackagesTransform()
    {
        var imageNet = ImageClassificationTransform.ImageNet;

        imageNet.ResizeSize.Should().Be(ImageNetPreprocessing.ResizeSize);
        imageNet.CropHeight.Should().Be(ImageNetPreprocessing.CropSize);
        imageNet.CropWidth.Should().Be(ImageNetPreprocessing.CropSize);
        imageNet.Mean.Should().Equal(ImageNetPreprocessing.Mean);
        imageNet.Std.Should().Equal(ImageNetPreprocessing.Std);
        imageNet.Describe().Should().Be("Resize(256), CenterCrop(224×224), Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225])");
    }

    [Theory]
    [InlineData(ShuffleNetV2Width.X0_5, "256")]
    [InlineData(ShuffleNetV2Width.X1_0, "256")]
    [InlineData(ShuffleNetV2Width.X1_5, "232")]
    [InlineData(ShuffleNetV2Width.X2_0, "232")]
    public void ExportToOnnx_ForWeights_RecordsTheEntrysTransformAndCategories(ShuffleNetV2Width width, string resize)
    {
        var weights = ShuffleNetV2Weights.Default(width);
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5, numClasses: weights.Categories.Count);

        var metadata = ModelProto.Parser.ParseFrom(model.ToOnnxBytes(OnnxExportOptions.ForWeights(weights))).MetadataProps.ToDictionary(p => p.Key, p => p.Value);

        metadata.Should().ContainKey("labels");
        metadata.Remove("labels");
        metadata.Should().ContainKey("model_card");
        ModelCard.Parse(metadata["model_card"], "the metadata").Should().Be(weights.Card);
        metadata.Remove("model_card");
        metadata.Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["preprocessing.input_size"] = "224,224",
            ["preprocessing.resize_size"] = resize,
            ["preprocessing.mean"] = "0.485,0.456,0.406",
            ["preprocessing.std"] = "0.229,0.224,0.225",
        });
    }

    [Fact]
    public void FromModel_ForTheX1_5Weights_ReadsBackResize232AndTheImageNetCategories()
    {
        var weights = ShuffleNetV2Weights.X1_5_ImageNet1K_V1;
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5, numClasses: 1000);

        using var onnx = OnnxImageClassifier.FromModel(model, exportOptions: OnnxExportOptions.ForWeights(weights));

        onnx.Preprocessing!.ResizeSize.Should().Be(232);
        onnx.Preprocessing.CropHeight.Should().Be(224);
        onnx.Labels.Should().Equal(weights.Categories);
    }

    [Fact]
    public void FromModel_Transform_ReadsBackItsCropResizeMeanAndStd()
    {
        var transform = new ImageClassificationTransform(cropSize: 100, resizeSize: 120, mean: [0.1f, 0.2f, 0.3f], std: [0.4f, 0.5f, 0.6f]);
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5, numClasses: 10);

        using var onnx = OnnxImageClassifier.FromModel(model, exportOptions: new OnnxExportOptions { Preprocessing = transform });

        onnx.Preprocessing.Should().BeEquivalentTo(new { CropHeight = 100, CropWidth = 100, ResizeSize = 120, Mean = new[] { 0.1f, 0.2f, 0.3f }, Std = new[] { 0.4f, 0.5f, 0.6f } });
        onnx.Preprocessing.Should().Be(transform);
    }

    [Fact]
    public void ImageNet_ImagingDefaultTransform_IsEqual()
    {
        ImageNetPreprocessing.DefaultTransform.Should().Be(ImageClassificationTransform.ImageNet);
    }

    [Fact]
    public void FromModel_NonSquareTransformWithoutResize_ReadsBackAnEqualTransform()
    {
        var transform = new ImageClassificationTransform(48, 40, null, [0.5f, 0.4f, 0.3f], [0.2f, 0.25f, 0.3f]);
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5, numClasses: 10);

        using var onnx = OnnxImageClassifier.FromModel(model, exportOptions: new OnnxExportOptions { Preprocessing = transform });

        onnx.Preprocessing.Should().Be(transform);
        onnx.Preprocessing!.ResizeSize.Should().BeNull();
    }

    [Theory]
    [InlineData(224, 224, true)]
    [InlineData(224, null, true)]
    [InlineData(64, 48, false)]
    [InlineData(null, 200, false)]
    public void FromModel_FixedSizeWithoutPreprocessing_RecordsImageNetOnlyWhenItFits(int? height, int? width, bool recordsImageNet)
    {
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5, numClasses: 10);

        using var onnx = OnnxImageClassifier.FromModel(model, exportOptions: new OnnxExportOptions { InputHeight = height, InputWidth = width });

        (onnx.Preprocessing is not null).Should().Be(recordsImageNet);
    }

    [Fact]
    public void Load_FileWithoutMetadata_ReportsNoPreprocessingAndNoLabels()
    {
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5, numClasses: 10);
        using var file = new TemporaryFile();
        WriteWithMetadata(model, file.Path, metadata => metadata.Clear());

        using var onnx = OnnxImageClassifier.Load(file.Path);

        onnx.Preprocessing.Should().BeNull();
        onnx.Labels.Should().BeNull();
    }

    [Theory]
    [InlineData("preprocessing.mean", "0.5,abc,0.5", "*'preprocessing.mean' = '0.5,abc,0.5' cannot be read: expected one number per channel*")]
    [InlineData("preprocessing.mean", "0.5,0.5", "*invalid preprocessing: mean must hold 1 or 3 finite numbers*got [0.5, 0.5]*")]
    [InlineData("preprocessing.mean", "0.5", "*invalid preprocessing: mean has 1 values and std 3*")]
    [InlineData("preprocessing.input_size", "224", "*'preprocessing.input_size' = '224' cannot be read: expected 2 whole number(s)*")]
    [InlineData("preprocessing.resize_size", "-1", "*'preprocessing.resize_size' = '-1' cannot be read*")]
    [InlineData("preprocessing.std", "0.2,0,0.2", "*invalid preprocessing: std must hold 1 or 3 finite numbers above 0*")]
    [InlineData("preprocessing.resize_size", "100", "*invalid preprocessing: The resize (100) is smaller than the crop (224×224)*")]
    [InlineData("preprocessing.std", null, "*has no 'preprocessing.std'*")]
    [InlineData("labels", "cat,dog", "*'labels' = 'cat,dog' cannot be read: expected a JSON array of strings*")]
    [InlineData("labels", "[1, 2]", "*'labels' = '[1, 2]' cannot be read*")]
    [InlineData("labels", """["only one"]""", "*'labels' has 1 labels, but the model has 10 classes*")]
    public void Load_UnreadableMetadata_ThrowsInvalidDataExceptionNamingTheKey(string key, string? value, string message)
    {
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5, numClasses: 10);
        using var file = new TemporaryFile();
        WriteWithMetadata(model, file.Path, metadata =>
        {
            metadata.Remove(key);
            if (value is not null)
            {
                metadata[key] = value;
            }
        });

        var act = () => OnnxImageClassifier.Load(file.Path);

        act.Should().Throw<InvalidDataException>().WithMessage(message);
    }

    [Fact]
    public void ToOnnxBytes_PreprocessingSizeDiffersFromTheFixedSize_ThrowsNamingBoth()
    {
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5, numClasses: 10);
        var options = new OnnxExportOptions { InputHeight = 64, Preprocessing = ImageClassificationTransform.ImageNet };

        var act = () => model.ToOnnxBytes(options);

        act.Should().Throw<ArgumentException>().WithMessage("The preprocessing's input size 224×224 differs from the fixed input size 64×any.*")
            .Which.ParamName.Should().Be("options");
    }

    [Fact]
    public void ToOnnxBytes_LabelsNotOnePerClass_ThrowsNamingBothCounts()
    {
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5, numClasses: 10);
        using var fused = model.FuseForInference();
        var options = new OnnxExportOptions { Labels = ["a", "b"] };

        var plain = () => model.ToOnnxBytes(options);
        var fusedExport = () => fused.ToOnnxBytes(options);

        plain.Should().Throw<ArgumentException>().WithMessage("The model has 10 classes but 2 labels were given.*").Which.ParamName.Should().Be("options");
        fusedExport.Should().Throw<ArgumentException>().WithMessage("The model has 10 classes but 2 labels were given.*");
    }

    [Fact]
    public void ToOnnxBytes_NullLabel_ThrowsNamingItsIndex()
    {
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5, numClasses: 3);
        var options = new OnnxExportOptions { Labels = ["a", null!, "c"] };

        var act = () => model.ToOnnxBytes(options);

        act.Should().Throw<ArgumentException>().WithMessage("Label 1 is null*");
    }

    private static void WriteWithMetadata(ShuffleNetV2 model, string path, Action<Dictionary<string, string>> edit)
    {
        var onnx = ModelProto.Parser.ParseFrom(model.ToOnnxBytes());
        var metadata = onnx.MetadataProps.ToDictionary(p => p.Key, p => p.Value);
        edit(metadata);
        onnx.MetadataProps.Clear();
        onnx.MetadataProps.AddRange(metadata.Select(kv => new StringStringEntryProto { Key = kv.Key, Value = kv.Value }));
        File.WriteAllBytes(path, onnx.ToByteArray());
    }
}
