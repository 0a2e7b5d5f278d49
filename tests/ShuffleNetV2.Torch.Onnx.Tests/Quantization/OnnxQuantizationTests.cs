using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using FluentAssertions;
using Onnx;
using ShuffleNet.Torch.Measurement;
using ShuffleNet.Torch.Onnx.Quantization;
using TorchCheckpoints.Hub;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Onnx.Tests.Quantization;

public sealed class OnnxQuantizationTests(ITestOutputHelper output)
{
    [Fact]
    public void RuntimeOperatorCounts_QuantizedModel_EveryConvolutionAndFcRunAsIntegerKernels()
    {
        using var model = QuantizationTestModels.Small();
        using var fused = model.FuseForInference();
        var convolutions = fused.modules().OfType<Conv2d>().Count();
        var units = fused.modules().OfType<InvertedResidual>().Count();
        var quantized = model.QuantizeForOnnx(QuantizationTestModels.Batches(2));

        var counts = quantized.RuntimeOperatorCounts(intraOpThreads: 1);

        output.WriteLine(string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}")));
        (counts.GetValueOrDefault("QLinearConv") + counts.GetValueOrDefault("com.microsoft.QLinearConv")).Should().Be(convolutions);
        counts.GetValueOrDefault("com.microsoft.QLinearConcat").Should().Be(units);
        counts.GetValueOrDefault("com.microsoft.QLinearGlobalAveragePool").Should().Be(1);
        counts.GetValueOrDefault("com.microsoft.QGemm").Should().Be(1);
        counts.Keys.Should().NotContain(["Conv", "FusedConv", "com.microsoft.FusedConv", "com.microsoft.nchwc.Conv", "Gemm", "MatMul", "DequantizeLinear", "Concat", "GlobalAveragePool"]);
    }

    [Fact]
    public void QuantizeToOnnx_FileLoadedByOnnxImageClassifier_RunsAndKeepsTheRecordedTransformAndLabels()
    {
        using var scope = NewDisposeScope();
        using var file = new TemporaryFile();
        using var model = QuantizationTestModels.Small();
        var preprocessing = new ImageClassificationTransform(64, 64, null, [0.5f, 0.5f, 0.5f], [0.25f, 0.25f, 0.25f]);
        string[] labels = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
        var options = new OnnxQuantizationOptions { MaxCalibrationBatches = 2, Export = new OnnxExportOptions { Preprocessing = preprocessing, Labels = labels } };

        var quantized = model.QuantizeToOnnx(file.Path, QuantizationTestModels.Batches(3), options);
        using var onnx = OnnxImageClassifier.Load(file.Path, intraOpThreads: 1);
        var logits = onnx.Run(SmoothImages.Batch(3, 64, 64, seed: 1));

        logits.shape.Should().Equal(3, QuantizationTestModels.Classes);
        onnx.NumClasses.Should().Be(QuantizationTestModels.Classes);
        onnx.Preprocessing!.ToString().Should().Be(preprocessing.ToString());
        onnx.Labels.Should().Equal(labels);
        File.ReadAllBytes(file.Path).Should().Equal(quantized.Bytes.ToArray());
        quantized.CalibrationBatches.Should().Be(2);
        var metadata = ModelProto.Parser.ParseFrom(File.ReadAllBytes(file.Path)).MetadataProps.ToDictionary(p => p.Key, p => p.Value);
        metadata["quantization.method"].Should().StartWith("percentile 99.99;");
        metadata["quantization.calibration_batches"].Should().Be("2");
    }

    [Fact]
    public void QuantizeForOnnx_Activations_InForwardOrderWithZeroExactAndReluOutputsAtZeroPointZero()
    {
        using var model = QuantizationTestModels.Small();

        var activations = model.QuantizeForOnnx(QuantizationTestModels.Batches(2)).Activations;

        activations.Select(a => a.Name).Take(4).Should().Equal("input", "conv1.2", "inverted_block.0.branch1.0", "inverted_block.0.branch1.4");
        activations[^2].Name.Should().Be("conv5.2");
        activations[^1].Name.Should().Be("mean");
        activations.Should().OnlyContain(a => a.RangeMin <= 0 && a.RangeMax >= 0 && a.Scale > 0 && a.ObservedMin <= a.ObservedMax);
        activations.Where(a => a.Name.EndsWith(".2", StringComparison.Ordinal) || a.Name.EndsWith(".4", StringComparison.Ordinal) || a.Name.EndsWith(".7", StringComparison.Ordinal) || !a.Name.Contains("branch", StringComparison.Ordinal) && a.Name != "input")
            .Should().OnlyContain(a => a.ZeroPoint == 0 && a.ObservedMin >= 0);
        var byName = activations.ToDictionary(a => a.Name);
        byName["inverted_block.0.branch1.4"].Scale.Should().Be(byName["inverted_block.0"].Scale, "a branch's last layer is stored in its unit's quantization");
        byName["inverted_block.1.branch2.7"].Scale.Should().Be(byName["inverted_block.1"].Scale);
    }

    [Fact]
    public void QuantizeForOnnx_FileOfTheHalfWidthNetwork_IsAtMostThreeTenthsOfTheFloatFile()
    {
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5);
        TrainedLikeBatchNorm.Apply(model, seed: 2);
        model.eval();

        var quantized = model.QuantizeForOnnx(QuantizationTestModels.Batches(1, batchSize: 2, size: 32));

        var ratio = (double)quantized.Bytes.Length / model.ToOnnxBytes().Length;
        output.WriteLine($"0.5x: int8 {quantized.Bytes.Length:N0} bytes, {ratio:F3} of the float file");
        ratio.Should().BeLessThanOrEqualTo(0.3);
    }

    [Fact]
    public void QuantizeForOnnx_SameModelAndBatches_GivesTheSameBytes()
    {
        using var model = QuantizationTestModels.Small();

        var first = model.QuantizeForOnnx(QuantizationTestModels.Batches(2)).Bytes.ToArray();
        var second = model.QuantizeForOnnx(QuantizationTestModels.Batches(2)).Bytes.ToArray();

        second.Should().Equal(first);
    }

    [Fact]
    public void QuantizeForOnnx_MaxCalibrationBatches_ReadsNoFurtherBatch()
    {
        using var model = QuantizationTestModels.Small();

        var quantized = model.QuantizeForOnnx(ThrowsAfter(2), new OnnxQuantizationOptions { MaxCalibrationBatches = 2 });

        quantized.CalibrationBatches.Should().Be(2);
    }

    [Fact]
    public void QuantizeForOnnx_ShuffleNetV2AndItsFusedForm_GiveTheSameModelAndLeaveTheNetworkUnchanged()
    {
        using var scope = NewDisposeScope();
        using var model = QuantizationTestModels.Small();
        var before = model.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());
        using var fused = model.FuseForInference();

        var fromModel = model.QuantizeForOnnx(QuantizationTestModels.Batches(2)).Bytes.ToArray();
        var fromFused = fused.QuantizeForOnnx(QuantizationTestModels.Batches(2)).Bytes.ToArray();

        fromFused.Should().Equal(fromModel);
        model.training.Should().BeFalse();
        model.state_dict().Should().OnlyContain(p => p.Value.equal(before[p.Key]).all().item<bool>());
    }

    [Fact]
    public void QuantizeForOnnx_OnThisThread_LeavesTheLiveTensorCountUnchanged()
    {
        using var model = QuantizationTestModels.Small();
        using var images = SmoothImages.Batch(2, 64, 64, seed: 3);
        model.QuantizeForOnnx(QuantizationTestModels.Batches(1)).MeasureLayerErrors(model, images);
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        var quantized = model.QuantizeForOnnx(QuantizationTestModels.Batches(2));
        quantized.MeasureLayerErrors(model, images, intraOpThreads: 1);

        DisposeScopeManager.Statistics.ThreadTotalLiveCount.Should().Be(before);
    }

    [Fact]
    public void MeasureLayerErrors_OneBatch_OneEntryPerActivationThenTheLogitsOfTheModelRunOnItsOwnAndTheInputWithinHalfAStep()
    {
        using var scope = NewDisposeScope();
        using var model = QuantizationTestModels.Small();
        var quantized = model.QuantizeForOnnx(QuantizationTestModels.Batches(4));
        var images = SmoothImages.Batch(4, 64, 64, seed: 55);

        var errors = quantized.MeasureLayerErrors(model, images, intraOpThreads: 1);

        foreach (var error in errors)
        {
            output.WriteLine($"{error.Name,-34} scale {error.Scale,10:G4} max|float| {error.MaxAbsReference,8:G4} max|error| {error.MaxAbsError,8:G4} relative {error.RelativeError,8:P2}");
        }

        errors.Select(e => e.Name).Should().Equal(quantized.Activations.Select(a => a.Name).Append("output"));
        errors.Should().OnlyContain(e => double.IsFinite(e.RelativeError) && e.MaxAbsError >= 0 && e.MaxAbsReference > 0);
        var input = errors[0];
        input.MaxAbsError.Should().BeLessThanOrEqualTo((input.Scale!.Value / 2) + 1e-6, "the input is only rounded once");
        errors[^1].Scale.Should().BeNull();
        using var session = OnnxImageClassifier.FromBytes(quantized.Bytes.ToArray(), "the test model", intraOpThreads: 1, allowSpinning: false);
        using var noGrad = no_grad();
        var expected = model.call(images);
        var logitsError = (session.Run(images) - expected).norm().item<float>() / expected.norm().item<float>();
        errors[^1].RelativeError.Should().BeApproximately(logitsError, 1e-4, "the logits' error is that of the int8 model run on its own against the float network");
    }

    private static IEnumerable<Tensor> ThrowsAfter(int count)
    {
        foreach (var batch in QuantizationTestModels.Batches(count))
        {
            yield return batch;
        }

        throw new InvalidOperationException("A batch beyond MaxCalibrationBatches was asked for.");
    }
}
