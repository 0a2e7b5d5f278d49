using System;
using System.Linq;
using System.Runtime.InteropServices;
using FluentAssertions;
using Google.Protobuf;
using Onnx;
using ShuffleNet.Torch.Measurement;
using ShuffleNet.Torch.Onnx.Quantization;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Onnx.Tests.Quantization;

/// <summary>
/// The int8 model against the float network on 32 images it was not calibrated on. Tolerance: the logits' relative error
/// (‖int8 − float‖ / ‖float‖ over the batch) stays under 15 % and top-1 agrees on at least 85 % of the images. On this
/// model min/max and percentile calibration give about 8 % and 10 % (top-1 agreement 100 %); one weight scale off by 2,
/// or one activation dequantized with twice its scale, gives 47-63 % (the tests below; top-1 still agrees on 97-100 %:
/// one class dominates this model's logits, so the error, not the agreement, is what tells a broken file); 8-bit weights on a CPU without VNNI, whose
/// pairs of products saturate, give about 90 %. Entropy calibration clips these activations harder (about 40 %;
/// see <see cref="QuantizeForOnnx_EntropyCalibration_OnlyClipsAndTop1StillAgrees"/>).
/// </summary>
public sealed class OnnxQuantizationAccuracyTests(ITestOutputHelper output)
{
    internal const double MaxRelativeError = 0.15;
    internal const double MinTop1Agreement = 0.85;

    [Theory]
    [InlineData(CalibrationMethod.MinMax)]
    [InlineData(CalibrationMethod.Percentile)]
    public void QuantizeForOnnx_SmallTrainedLikeModel_LogitsWithinToleranceAndTop1AgreesOnMostImages(CalibrationMethod method)
    {
        using var scope = NewDisposeScope();
        using var model = QuantizationTestModels.Small();
        var quantized = model.QuantizeForOnnx(QuantizationTestModels.Batches(4), new OnnxQuantizationOptions { Method = method });

        var (relative, agreement) = Compare(model, quantized.Bytes.ToArray());

        output.WriteLine($"{method}: relative error of the logits {relative:P2}, top-1 agreement {agreement:P0}");
        relative.Should().BeLessThan(MaxRelativeError);
        agreement.Should().BeGreaterThanOrEqualTo(MinTop1Agreement);
    }

    // Entropy calibration keeps the part of each histogram it can round best and clips the rest. On this model's
    // heavy-tailed activations (synthetic weights: values reach hundreds in the third stage) that clipping costs more
    // than the common tolerance (the logits' error measured 40 %), and on the trained Fashion-MNIST model it loses 2.6
    // points of top-1 (BENCHMARKS.md, int8 section), which is why percentile is the default. What must hold: it only
    // clips (every stored range inside min/max's on the same batches), it does clip, and top-1 still agrees.
    [Fact]
    public void QuantizeForOnnx_EntropyCalibration_OnlyClipsAndTop1StillAgrees()
    {
        using var scope = NewDisposeScope();
        using var model = QuantizationTestModels.Small();
        var quantized = model.QuantizeForOnnx(QuantizationTestModels.Batches(4), new OnnxQuantizationOptions { Method = CalibrationMethod.Entropy });

        var (relative, agreement) = Compare(model, quantized.Bytes.ToArray());

        output.WriteLine($"Entropy: relative error of the logits {relative:P2}, top-1 agreement {agreement:P0}");
        var minMax = model.QuantizeForOnnx(QuantizationTestModels.Batches(4), new OnnxQuantizationOptions { Method = CalibrationMethod.MinMax }).Activations;
        var ranges = quantized.Activations.Zip(minMax, (entropy, seen) => (entropy, seen)).ToList();
        ranges.Should().OnlyContain(r => r.entropy.Name == r.seen.Name && r.entropy.RangeMin >= r.seen.RangeMin && r.entropy.RangeMax <= r.seen.RangeMax, "entropy only clips what min/max keeps");
        ranges.Should().Contain(r => r.entropy.RangeMax < 0.9 * r.seen.RangeMax, "the tails of some activation are clipped");
        double.IsFinite(relative).Should().BeTrue();
        agreement.Should().BeGreaterThanOrEqualTo(MinTop1Agreement);
    }

    [Theory]
    [InlineData("inverted_block.3.branch2.5.weight.scale")]
    [InlineData("conv1.0.weight.scale")]
    public void Tolerance_OneWeightScaleOffByTwo_IsExceeded(string initializer)
    {
        using var scope = NewDisposeScope();
        using var model = QuantizationTestModels.Small();
        var quantized = model.QuantizeForOnnx(QuantizationTestModels.Batches(4));
        var broken = ModelProto.Parser.ParseFrom(quantized.Bytes.ToArray());
        var scale = broken.Graph.Initializer.Single(t => t.Name == initializer);
        var values = MemoryMarshal.Cast<byte, float>(scale.RawData.ToByteArray()).ToArray().Select(v => v * 2).ToArray();
        scale.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan()));

        var (relative, agreement) = Compare(model, broken.ToByteArray());

        output.WriteLine($"{initializer} doubled: relative error of the logits {relative:P2}, top-1 agreement {agreement:P0}");
        relative.Should().BeGreaterThan(MaxRelativeError);
    }

    // The activation's scale is shared by every reader of the values stored alike, so the broken reader gets a copy.
    [Fact]
    public void Tolerance_OneActivationDequantizedWithTwiceItsScale_IsExceeded()
    {
        using var scope = NewDisposeScope();
        using var model = QuantizationTestModels.Small();
        var quantized = model.QuantizeForOnnx(QuantizationTestModels.Batches(4));
        var broken = ModelProto.Parser.ParseFrom(quantized.Bytes.ToArray());
        var dequantize = broken.Graph.Node.Single(n => n.Name == "inverted_block.2.concat.0.dequantize_input");
        var doubled = broken.Graph.Initializer.Single(t => t.Name == dequantize.Input[1]).Clone();
        doubled.Name = "doubled.scale";
        doubled.RawData = ByteString.CopyFrom(BitConverter.GetBytes(2 * BitConverter.ToSingle(doubled.RawData.Span)));
        broken.Graph.Initializer.Add(doubled);
        dequantize.Input[1] = doubled.Name;

        var (relative, agreement) = Compare(model, broken.ToByteArray());

        output.WriteLine($"the first concatenation input of unit 2 read with twice its scale: relative error {relative:P2}, top-1 agreement {agreement:P0}");
        relative.Should().BeGreaterThan(MaxRelativeError);
    }

    [Fact]
    public void QuantizeForOnnx_ImageSizeNotSeenInCalibration_StaysWithinTolerance()
    {
        using var scope = NewDisposeScope();
        using var model = QuantizationTestModels.Small();
        var quantized = model.QuantizeForOnnx(QuantizationTestModels.Batches(4));

        var (relative, agreement) = Compare(model, quantized.Bytes.ToArray(), height: 96, width: 80);

        output.WriteLine($"96x80 after calibrating on 64x64: relative error of the logits {relative:P2}, top-1 agreement {agreement:P0}");
        relative.Should().BeLessThan(MaxRelativeError);
        agreement.Should().BeGreaterThanOrEqualTo(MinTop1Agreement);
    }

    internal static (double Relative, double Agreement) Compare(ShuffleNetV2 model, byte[] quantized, int height = QuantizationTestModels.ImageSize, int width = QuantizationTestModels.ImageSize)
    {
        using var scope = NewDisposeScope();
        using var session = OnnxImageClassifier.FromBytes(quantized, "the test model", intraOpThreads: 1, allowSpinning: false);
        var images = SmoothImages.Batch(32, height, width, seed: 777);
        using var noGrad = no_grad();
        var expected = model.call(images);
        var actual = session.Run(images);
        var relative = (actual - expected).norm().item<float>() / expected.norm().item<float>();
        var agreement = actual.argmax(1).eq(expected.argmax(1)).to(ScalarType.Float32).mean().item<float>();
        return (relative, agreement);
    }
}
