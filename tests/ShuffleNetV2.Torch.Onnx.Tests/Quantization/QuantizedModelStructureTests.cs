using System.Linq;
using FluentAssertions;
using Onnx;
using ShuffleNet.Torch.Onnx.Quantization;
using TorchCheckpoints.Hub;
using TorchSharp.Modules;
using Xunit;

namespace ShuffleNet.Torch.Onnx.Tests.Quantization;

/// <summary>The QDQ file as ONNX describes it: opset, node kinds, per-channel int8 weights, the float export's metadata.</summary>
public sealed class QuantizedModelStructureTests
{
    private static readonly OnnxExportOptions Export = new()
    {
        Preprocessing = new ImageClassificationTransform(64, 64, 72, [0.5f, 0.5f, 0.5f], [0.25f, 0.25f, 0.25f]),
        Labels = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"],
    };

    [Fact]
    public void QuantizeForOnnx_SmallModel_Opset13QdqWithOneInt8WeightScalePerOutputChannelOfEveryConvolution()
    {
        using var model = QuantizationTestModels.Small();
        using var fused = model.FuseForInference();
        var convolutions = fused.modules().OfType<Conv2d>().ToList();

        var proto = ModelProto.Parser.ParseFrom(model.QuantizeForOnnx(QuantizationTestModels.Batches(1), new OnnxQuantizationOptions { Export = Export }).Bytes.ToArray());

        proto.OpsetImport.Should().ContainSingle().Which.Should().Match<OperatorSetIdProto>(o => o.Domain == "" && o.Version == 13);
        var nodes = proto.Graph.Node;
        var initializers = proto.Graph.Initializer.ToDictionary(t => t.Name);
        nodes.Select(n => n.OpType).Should().Contain(["QuantizeLinear", "DequantizeLinear", "Conv", "Concat", "Gemm"]).And.NotContain(["Relu", "BatchNormalization"]);
        nodes.Should().OnlyContain(n => n.Domain == "", "a QDQ model uses standard operators only; ONNX Runtime fuses them itself");
        var convNodes = nodes.Where(n => n.OpType == "Conv").ToList();
        convNodes.Should().HaveCount(convolutions.Count);
        var producers = nodes.SelectMany(n => n.Output.Select(o => (o, n))).ToDictionary(p => p.o, p => p.n);
        foreach (var (conv, node) in convolutions.Zip(convNodes))
        {
            producers[node.Input[0]].OpType.Should().Be("DequantizeLinear", $"{node.Name} reads a uint8 activation");
            var weight = producers[node.Input[1]];
            weight.OpType.Should().Be("DequantizeLinear");
            weight.Attribute.Single(a => a.Name == "axis").I.Should().Be(0);
            initializers[weight.Input[0]].DataType.Should().Be((int)TensorProto.Types.DataType.Int8);
            initializers[weight.Input[0]].Dims.Should().Equal(conv.weight.shape);
            initializers[weight.Input[1]].Dims.Should().Equal([conv.out_channels], "one scale per output channel");
            initializers[weight.Input[2]].DataType.Should().Be((int)TensorProto.Types.DataType.Int8);
            initializers[weight.Input[2]].RawData.Should().OnlyContain(b => b == 0, "symmetric");
            initializers[producers[node.Input[2]].Input[0]].DataType.Should().Be((int)TensorProto.Types.DataType.Int32);
            nodes.Should().ContainSingle(n => n.Input.Contains(node.Output[0])).Which.OpType.Should().Be("QuantizeLinear");
        }

        proto.Graph.Initializer.Where(t => t.DataType == (int)TensorProto.Types.DataType.Float && t.Dims.Aggregate(1L, (a, b) => a * b) > 1024)
            .Should().BeEmpty("no float weights are left");
    }

    [Fact]
    public void QuantizeForOnnx_WithExportOptions_RecordsTheFloatExportsMetadataAndInterface()
    {
        using var model = QuantizationTestModels.Small();
        var floatModel = ModelProto.Parser.ParseFrom(model.ToOnnxBytes(Export));

        var proto = ModelProto.Parser.ParseFrom(model.QuantizeForOnnx(QuantizationTestModels.Batches(1), new OnnxQuantizationOptions { Export = Export }).Bytes.ToArray());

        proto.MetadataProps.Select(p => (p.Key, p.Value)).Should().Contain(floatModel.MetadataProps.Select(p => (p.Key, p.Value)));
        floatModel.MetadataProps.Should().NotBeEmpty();
        proto.MetadataProps.Select(p => p.Key).Except(floatModel.MetadataProps.Select(p => p.Key)).Should().BeEquivalentTo(["quantization.method", "quantization.calibration_batches"]);
        proto.Graph.Input.Should().Equal(floatModel.Graph.Input);
        proto.Graph.Output.Should().Equal(floatModel.Graph.Output);
        proto.IrVersion.Should().Be(floatModel.IrVersion);
    }
}
