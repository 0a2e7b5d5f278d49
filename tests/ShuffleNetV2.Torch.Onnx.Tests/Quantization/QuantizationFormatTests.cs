using System.Collections.Generic;
using System.Linq;
using System.Runtime.Intrinsics.X86;
using FluentAssertions;
using Onnx;
using ShuffleNet.Torch.Measurement;
using ShuffleNet.Torch.Onnx.Quantization;
using TorchSharp.Modules;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Onnx.Tests.Quantization;

/// <summary>
/// The options that change what the graph stores: int8 instead of uint8 activations, and convolutions kept in float.
/// Each keeps the logits within the tolerance of <see cref="OnnxQuantizationAccuracyTests"/> and writes the graph it says.
/// </summary>
public sealed class QuantizationFormatTests(ITestOutputHelper output)
{
    public static TheoryData<string, OnnxQuantizationOptions> Formats => new()
    {
        { "int8 activations", new OnnxQuantizationOptions { ActivationType = QuantizedActivationType.S8 } },
        { "the stem in float", new OnnxQuantizationOptions { FloatLayers = ["conv1.0"] } },
        { "a depthwise, a branch's last and the last convolution in float", new OnnxQuantizationOptions { FloatLayers = ["inverted_block.1.branch2.3", "inverted_block.3.branch2.5", "conv5.0"] } },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public void QuantizeForOnnx_Format_LogitsWithinToleranceAndTop1AgreesOnMostImages(string format, OnnxQuantizationOptions options)
    {
        using var scope = NewDisposeScope();
        using var model = QuantizationTestModels.Small();
        var quantized = model.QuantizeForOnnx(QuantizationTestModels.Batches(4), options);

        var (relative, agreement) = OnnxQuantizationAccuracyTests.Compare(model, quantized.Bytes.ToArray());

        output.WriteLine($"{format}: relative error of the logits {relative:P2}, top-1 agreement {agreement:P0}");
        relative.Should().BeLessThan(OnnxQuantizationAccuracyTests.MaxRelativeError);
        agreement.Should().BeGreaterThanOrEqualTo(OnnxQuantizationAccuracyTests.MinTop1Agreement);
    }

    [Fact]
    public void QuantizeForOnnx_Int8Activations_SameGraphWithEveryActivationZeroPointInt8And128Lower()
    {
        using var model = QuantizationTestModels.Small();
        var unsigned = ModelProto.Parser.ParseFrom(model.QuantizeForOnnx(QuantizationTestModels.Batches(2)).Bytes.ToArray());

        var quantized = model.QuantizeForOnnx(QuantizationTestModels.Batches(2), new OnnxQuantizationOptions { ActivationType = QuantizedActivationType.S8 });

        var signed = ModelProto.Parser.ParseFrom(quantized.Bytes.ToArray());
        quantized.ActivationType.Should().Be(QuantizedActivationType.S8);
        signed.Graph.Node.Should().Equal(unsigned.Graph.Node);
        var before = unsigned.Graph.Initializer.ToDictionary(t => t.Name);
        var zeroPoints = quantized.Activations.Select(a => $"{a.Name}.zero_point").ToHashSet();
        zeroPoints.Should().HaveCount(quantized.Activations.Count);
        foreach (var tensor in signed.Graph.Initializer)
        {
            if (zeroPoints.Contains(tensor.Name))
            {
                before[tensor.Name].DataType.Should().Be((int)TensorProto.Types.DataType.Uint8);
                tensor.DataType.Should().Be((int)TensorProto.Types.DataType.Int8, tensor.Name);
                ((sbyte)tensor.RawData[0]).Should().Be((sbyte)(before[tensor.Name].RawData[0] - 128), tensor.Name);
            }
            else
            {
                tensor.Should().Be(before[tensor.Name], "only the activations' zero points change");
            }
        }

        signed.Graph.Initializer.Select(t => t.Name).Should().Contain(zeroPoints);
    }

    [Fact]
    public void MeasureLayerErrors_Int8Activations_TheInputWithinHalfAStep()
    {
        using var scope = NewDisposeScope();
        using var model = QuantizationTestModels.Small();
        var quantized = model.QuantizeForOnnx(QuantizationTestModels.Batches(4), new OnnxQuantizationOptions { ActivationType = QuantizedActivationType.S8 });

        var errors = quantized.MeasureLayerErrors(model, SmoothImages.Batch(4, 64, 64, seed: 55), intraOpThreads: 1);

        errors.Select(e => e.Name).Should().Equal(quantized.Activations.Select(a => a.Name).Append("output"));
        errors[0].MaxAbsError.Should().BeLessThanOrEqualTo((errors[0].Scale!.Value / 2) + 1e-6, "the int8 values are read as int8");
        errors.Should().OnlyContain(e => e.RelativeError < 0.5, "every activation is decoded with its own zero point");
    }

    [Fact]
    public void QuantizeForOnnx_StemInFloat_InputFirstConvolutionMaxPoolAndReluInFloatThenOneQuantizeLinear()
    {
        using var model = QuantizationTestModels.Small();
        using var fused = model.FuseForInference();
        var conv1 = fused.modules().OfType<Conv2d>().First();

        var quantized = model.QuantizeForOnnx(QuantizationTestModels.Batches(2), new OnnxQuantizationOptions { FloatLayers = ["conv1.0"] });

        var graph = ModelProto.Parser.ParseFrom(quantized.Bytes.ToArray()).Graph;
        var producers = graph.Node.SelectMany(n => n.Output.Select(o => (o, n))).ToDictionary(p => p.o, p => p.n);
        var initializers = graph.Initializer.ToDictionary(t => t.Name);
        graph.Node.Should().ContainSingle(n => n.Input.Contains("input")).Which.Should().Match<NodeProto>(n => n.OpType == "Conv" && n.Name == "conv1.0");
        var conv = graph.Node.Single(n => n.Name == "conv1.0");
        initializers[conv.Input[1]].DataType.Should().Be((int)TensorProto.Types.DataType.Float);
        initializers[conv.Input[1]].Dims.Should().Equal(conv1.weight.shape);
        var pool = graph.Node.Single(n => n.Input.Contains(conv.Output[0]));
        pool.OpType.Should().Be("MaxPool");
        var relu = graph.Node.Single(n => n.Input.Contains(pool.Output[0]));
        relu.OpType.Should().Be("Relu", "the ReLU commutes with the max pool and keeps ONNX Runtime from quantizing before the pool");
        graph.Node.Where(n => n.Input.Contains(relu.Output[0])).Should().ContainSingle().Which.OpType.Should().Be("QuantizeLinear");
        graph.Node.Where(n => n.OpType == "Conv" && n.Name != "conv1.0")
            .Should().OnlyContain(n => producers[n.Input[0]].OpType == "DequantizeLinear" && producers[n.Input[1]].OpType == "DequantizeLinear");
    }

    [Fact]
    public void RuntimeOperatorCounts_StemInFloat_OneFloatConvolutionAndTheRestIntegerKernels()
    {
        using var model = QuantizationTestModels.Small();
        using var fused = model.FuseForInference();
        var convolutions = fused.modules().OfType<Conv2d>().Count();
        var quantized = model.QuantizeForOnnx(QuantizationTestModels.Batches(2), new OnnxQuantizationOptions { FloatLayers = ["conv1.0"] });

        var counts = quantized.RuntimeOperatorCounts(intraOpThreads: 1);

        output.WriteLine(string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}")));
        (counts.GetValueOrDefault("QLinearConv") + counts.GetValueOrDefault("com.microsoft.QLinearConv")).Should().Be(convolutions - 1);
        string[] floatConvolutions = ["Conv", "FusedConv", "com.microsoft.FusedConv", "com.microsoft.nchwc.Conv"];
        floatConvolutions.Sum(name => counts.GetValueOrDefault(name)).Should().Be(1);
        counts.GetValueOrDefault("QuantizeLinear").Should().Be(1, "the input is not quantized, only the stem's output");
        counts.Keys.Should().NotContain("com.microsoft.NhwcMaxPool", "the max pool runs on the float values");
        if (Avx2.IsSupported)
        {
            // x86's blocked float layout takes the max pool along with the convolution before it.
            counts.GetValueOrDefault("com.microsoft.nchwc.MaxPool").Should().Be(1);
        }
        counts.Keys.Should().NotContain(["DequantizeLinear", "Concat", "GlobalAveragePool", "Gemm"]);
    }

    [Fact]
    public void MeasureLayerErrors_StemInFloat_LeavesOutTheActivationsTheGraphKeepsInFloat()
    {
        using var scope = NewDisposeScope();
        using var model = QuantizationTestModels.Small();
        var quantized = model.QuantizeForOnnx(QuantizationTestModels.Batches(4), new OnnxQuantizationOptions { FloatLayers = ["conv1.0"] });

        var errors = quantized.MeasureLayerErrors(model, SmoothImages.Batch(4, 64, 64, seed: 55), intraOpThreads: 1);

        quantized.Activations.Select(a => a.Name).Take(2).Should().Equal("input", "conv1.2");
        errors.Select(e => e.Name).Should().Equal(quantized.Activations.Skip(2).Select(a => a.Name).Append("output"));
        errors.Should().OnlyContain(e => double.IsFinite(e.RelativeError));
    }

    [Fact]
    public void QuantizeForOnnx_FloatLayers_RecordedInTheMethodMetadata()
    {
        using var model = QuantizationTestModels.Small();

        var quantized = model.QuantizeForOnnx(QuantizationTestModels.Batches(1), new OnnxQuantizationOptions { FloatLayers = ["conv1.0", "conv5.0"] });

        var metadata = ModelProto.Parser.ParseFrom(quantized.Bytes.ToArray()).MetadataProps.ToDictionary(p => p.Key, p => p.Value);
        metadata["quantization.method"].Should().EndWith("; in float: conv1.0, conv5.0");
    }
}
