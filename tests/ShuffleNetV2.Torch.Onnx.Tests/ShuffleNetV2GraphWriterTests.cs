using System.Linq;
using FluentAssertions;
using Onnx;
using Xunit;

namespace ShuffleNet.Torch.Onnx.Tests;

public sealed class ShuffleNetV2GraphWriterTests
{
    [Fact]
    public void Build_SeedModel_UsesTheExpectedOperatorsOnce()
    {
        using var model = new ShuffleNetV2();
        using var fused = model.FuseForInference();

        var graph = ShuffleNetV2GraphWriter.Build(fused, OnnxExportOptions.Default).Graph;

        var counts = graph.Node.GroupBy(n => n.OpType).ToDictionary(g => g.Key, g => g.Count());
        counts.Should().BeEquivalentTo(new System.Collections.Generic.Dictionary<string, int>
        {
            ["Conv"] = 56, // conv1, conv5, 3 per stride-1 unit (13), 5 per stride-2 unit (3)
            ["Relu"] = 37, // conv1, conv5, 2 per stride-1 unit, 3 per stride-2 unit
            ["MaxPool"] = 1,
            ["Split"] = 13,
            ["Concat"] = 16,
            ["Shape"] = 16,
            ["Reshape"] = 32,
            ["Transpose"] = 16,
            ["ReduceMean"] = 1,
            ["Gemm"] = 1,
        });
    }

    [Fact]
    public void Build_SeedModel_NamesNodesAfterModulePathsAndWeightsAfterStateDictKeys()
    {
        using var model = new ShuffleNetV2();
        using var fused = model.FuseForInference();

        var graph = ShuffleNetV2GraphWriter.Build(fused, OnnxExportOptions.Default).Graph;

        var weightNames = graph.Initializer.Where(t => t.DataType == (int)TensorProto.Types.DataType.Float).Select(t => t.Name);
        weightNames.Should().BeEquivalentTo(fused.state_dict().Keys);
        var layers = fused.named_modules().Where(m => m.module is not TorchSharp.Modules.Sequential && !m.module.children().Any()).Select(m => m.name);
        graph.Node.Where(n => n.OpType is "Conv" or "Relu" or "MaxPool" or "Gemm").Select(n => n.Name).Should().BeEquivalentTo(layers);
        graph.Node.Single(n => n.Name == "inverted_block.0.branch1.0").Input.Should().Equal("maxpool", "inverted_block.0.branch1.0.weight", "inverted_block.0.branch1.0.bias");
        graph.Node.Single(n => n.Name == "inverted_block.1.concat").Input.Should().Equal("inverted_block.1.split.0", "inverted_block.1.branch2.7");
        graph.Node.Single(n => n.Name == "fc").Input[0].Should().Be("mean");
    }

    [Fact]
    public void Build_GroupedConvolution_KeepsGroupsStridesAndPads()
    {
        using var model = new ShuffleNetV2();
        using var fused = model.FuseForInference();

        var graph = ShuffleNetV2GraphWriter.Build(fused, OnnxExportOptions.Default).Graph;
        var depthwise = graph.Node.Single(n => n.Name == "inverted_block.4.branch2.3");

        depthwise.Attribute.ToDictionary(a => a.Name, a => a.Type == AttributeProto.Types.AttributeType.Ints ? a.Ints.ToArray() : [a.I]).Should().BeEquivalentTo(new System.Collections.Generic.Dictionary<string, long[]>
        {
            ["kernel_shape"] = [3, 3],
            ["strides"] = [2, 2],
            ["pads"] = [1, 1, 1, 1],
            ["dilations"] = [1, 1],
            ["group"] = [116],
        });
        graph.Initializer.Single(t => t.Name == "inverted_block.4.branch2.3.weight").Dims.Should().Equal(116, 1, 3, 3);
    }

    [Fact]
    public void Build_Options_SetTheInputDimensionsAndTheOutputClasses()
    {
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5, numClasses: 12);
        using var fused = model.FuseForInference();

        var dynamic = ShuffleNetV2GraphWriter.Build(fused, OnnxExportOptions.Default).Graph;
        var fixedSize = ShuffleNetV2GraphWriter.Build(fused, new OnnxExportOptions { InputHeight = 224, InputWidth = 200 }).Graph;

        Dimensions(dynamic.Input.Single()).Should().Equal("batch", "3", "height", "width");
        Dimensions(fixedSize.Input.Single()).Should().Equal("batch", "3", "224", "200");
        Dimensions(dynamic.Output.Single()).Should().Equal("batch", "12");
    }

    private static string[] Dimensions(ValueInfoProto value) =>
        value.Type.TensorType.Shape.Dim.Select(d => d.HasDimValue ? d.DimValue.ToString(System.Globalization.CultureInfo.InvariantCulture) : d.DimParam).ToArray();
}
