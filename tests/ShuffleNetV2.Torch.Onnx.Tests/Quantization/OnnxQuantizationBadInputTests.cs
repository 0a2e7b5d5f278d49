using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using FluentAssertions;
using ShuffleNet.Torch.Onnx.Quantization;
using Xunit;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Onnx.Tests.Quantization;

/// <summary>Refused input: a one-line error naming what is wrong, and no file written or overwritten.</summary>
public sealed class OnnxQuantizationBadInputTests
{
    private static readonly byte[] EarlierContent = [1, 2, 3];

    [Fact]
    public void QuantizeToOnnx_NoCalibrationBatches_SaysSoAndWritesNoFile()
    {
        using var file = new TemporaryFile();
        using var model = QuantizationTestModels.Small();

        var quantize = () => model.QuantizeToOnnx(file.Path, []);

        quantize.Should().Throw<ArgumentException>().WithMessage("calibrationBatches is empty*").And.ParamName.Should().Be("calibrationBatches");
        File.Exists(file.Path).Should().BeFalse();
    }

    [Fact]
    public void QuantizeToOnnx_RefusedBatch_LeavesAnEarlierFileAsItWas()
    {
        using var file = new TemporaryFile();
        File.WriteAllBytes(file.Path, EarlierContent);
        using var model = QuantizationTestModels.Small();

        var quantize = () => model.QuantizeToOnnx(file.Path, [zeros(2, 3, 64, 64), zeros(2, 1, 64, 64)]);

        quantize.Should().Throw<ArgumentException>().WithMessage("Batch 1 of calibrationBatches cannot go through the network:*");
        File.ReadAllBytes(file.Path).Should().Equal(EarlierContent);
        Directory.GetFiles(Path.GetDirectoryName(file.Path)!, Path.GetFileName(file.Path) + ".*.tmp").Should().BeEmpty();
    }

    [Fact]
    public void QuantizeForOnnx_NullBatchesOrANullBatch_NamesThem()
    {
        using var model = QuantizationTestModels.Small();

        ((Action)(() => model.QuantizeForOnnx(null!))).Should().Throw<ArgumentNullException>().And.ParamName.Should().Be("calibrationBatches");
        ((Action)(() => model.QuantizeForOnnx([null!]))).Should().Throw<ArgumentException>().WithMessage("Batch 0 of calibrationBatches is null.*");
    }

    [Fact]
    public void QuantizeForOnnx_BatchWithNaN_SaysWhichActivationIsNotFinite()
    {
        using var scope = NewDisposeScope();
        using var model = QuantizationTestModels.Small();
        var batch = zeros(1, 3, 64, 64);
        batch[0, 0, 5, 5] = float.NaN;

        var quantize = () => model.QuantizeForOnnx([batch]);

        quantize.Should().Throw<ArgumentException>().WithMessage("Batch 0 of calibrationBatches: *not a finite number at 'input'*");
    }

    [Fact]
    public void QuantizeForOnnx_ModelInTrainingMode_SaysCallEval()
    {
        using var model = QuantizationTestModels.Small();
        model.train();

        var quantize = () => model.QuantizeForOnnx(QuantizationTestModels.Batches(1));

        quantize.Should().Throw<ArgumentException>().WithMessage("The ShuffleNetV2 is in training mode; call eval() on it first*").And.ParamName.Should().Be("model");
        model.training.Should().BeTrue();
    }

    [Fact]
    public void QuantizeForOnnx_FusedModelInTrainingMode_SaysCallEval()
    {
        using var model = QuantizationTestModels.Small();
        using var fused = model.FuseForInference();
        fused.train();

        var quantize = () => fused.QuantizeForOnnx(QuantizationTestModels.Batches(1));

        quantize.Should().Throw<ArgumentException>().WithMessage("The FusedShuffleNetV2 is in training mode*");
    }

    [Fact]
    public void QuantizeForOnnx_DisposedModel_Throws()
    {
        var model = QuantizationTestModels.Small();
        model.Dispose();

        var quantize = () => model.QuantizeForOnnx(QuantizationTestModels.Batches(1));

        quantize.Should().Throw<ObjectDisposedException>();
    }

    public static TheoryData<string, OnnxQuantizationOptions> OutOfRangeOptions => new()
    {
        { "Percentile", new OnnxQuantizationOptions { Percentile = 50 } },
        { "Percentile", new OnnxQuantizationOptions { Percentile = 100.5 } },
        { "Percentile", new OnnxQuantizationOptions { Percentile = double.NaN } },
        { "MaxCalibrationBatches", new OnnxQuantizationOptions { MaxCalibrationBatches = 0 } },
        { "Method", new OnnxQuantizationOptions { Method = (CalibrationMethod)7 } },
        { "ActivationType", new OnnxQuantizationOptions { ActivationType = (QuantizedActivationType)2 } },
        { "InputHeight", new OnnxQuantizationOptions { Export = new OnnxExportOptions { InputHeight = 0 } } },
    };

    [Theory]
    [MemberData(nameof(OutOfRangeOptions))]
    public void QuantizeForOnnx_OptionOutOfRange_NamesItBeforeCalibrating(string setting, OnnxQuantizationOptions options)
    {
        using var model = QuantizationTestModels.Small();

        var quantize = () => model.QuantizeForOnnx(ThrowingBatches(), options);

        quantize.Should().Throw<ArgumentOutOfRangeException>().WithMessage($"*{setting}*").And.ParamName.Should().Be("options");
    }

    [Theory]
    [InlineData("conv1", "FloatLayers names 'conv1', which is not a convolution of this network; convolutions go by module path, from conv1.0 to conv5.0*")]
    [InlineData("inverted_block.0.branch2.1", "FloatLayers names 'inverted_block.0.branch2.1', which is not a convolution*")]
    [InlineData("fc", "FloatLayers names 'fc', which is not a convolution*")]
    [InlineData(null, "FloatLayers names 'null', which is not a convolution*")]
    public void QuantizeForOnnx_FloatLayerThatIsNoConvolution_NamesItBeforeCalibrating(string? layer, string message)
    {
        using var model = QuantizationTestModels.Small();
        var options = new OnnxQuantizationOptions { FloatLayers = ["conv1.0", layer!] };

        var quantize = () => model.QuantizeForOnnx(ThrowingBatches(), options);

        quantize.Should().Throw<ArgumentException>().WithMessage(message).And.ParamName.Should().Be("options");
    }

    [Fact]
    public void QuantizeForOnnx_FloatLayersNull_Refused()
    {
        using var model = QuantizationTestModels.Small();

        var quantize = () => model.QuantizeForOnnx(ThrowingBatches(), new OnnxQuantizationOptions { FloatLayers = null! });

        quantize.Should().Throw<ArgumentException>().WithMessage("FloatLayers is null*").And.ParamName.Should().Be("options");
    }

    [Fact]
    public void QuantizeForOnnx_LabelsNotOnePerClass_Refused()
    {
        using var model = QuantizationTestModels.Small();
        var options = new OnnxQuantizationOptions { Export = new OnnxExportOptions { Labels = ["a", "b"] } };

        var quantize = () => model.QuantizeForOnnx(ThrowingBatches(), options);

        quantize.Should().Throw<ArgumentException>().WithMessage("The model has 10 classes but 2 labels were given.*");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void QuantizeToOnnx_BlankPath_RefusedBeforeCalibrating(string path)
    {
        using var model = QuantizationTestModels.Small();

        var quantize = () => model.QuantizeToOnnx(path, ThrowingBatches());

        quantize.Should().Throw<ArgumentException>().And.ParamName.Should().Be("path");
    }

    [Fact]
    public void Save_IntoAMissingDirectory_NamesTheFile()
    {
        using var model = QuantizationTestModels.Small();
        var quantized = model.QuantizeForOnnx(QuantizationTestModels.Batches(1));
        var path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}", "model.onnx");

        var save = () => quantized.Save(path);

        save.Should().Throw<IOException>().WithMessage($"Cannot write the ONNX file '{path}'*");
    }

    // The entry points take ShuffleNetV2Base, which only this library can derive from (its constructor is private
    // protected): any other module is refused by the compiler, so there is nothing to check at run time.
    [Fact]
    public void QuantizeForOnnx_TakesOnlyShuffleNetV2Networks()
    {
        var entryPoints = typeof(OnnxQuantization).GetMethods(BindingFlags.Public | BindingFlags.Static);

        entryPoints.Should().OnlyContain(m => m.GetParameters()[0].ParameterType == typeof(ShuffleNetV2Base));
        typeof(ShuffleNetV2Base).GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
            .Should().OnlyContain(c => c.IsFamilyAndAssembly || c.IsAssembly || c.IsPrivate);
    }

    private static IEnumerable<Tensor> ThrowingBatches()
    {
        throw new InvalidOperationException("The batches were read before the arguments were checked.");
#pragma warning disable CS0162 // Unreachable: makes this an iterator, so that it throws only when read.
        yield break;
#pragma warning restore CS0162
    }
}
