using System;
using System.Linq;
using Onnx;
using ShuffleNet.Torch.Onnx.Format;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Onnx;

/// <summary>
/// Translates a <see cref="FusedShuffleNetV2"/> into an ONNX graph, layer by layer, naming each node after the module
/// path it comes from (<c>conv1.0</c>, <c>inverted_block.3.branch2.5</c>, <c>fc</c>) and each weight after its
/// state_dict key (<c>conv1.0.weight</c>).
/// </summary>
internal static class ShuffleNetV2GraphWriter
{
    public const long IrVersion = 7;
    public const long OpsetVersion = 13;
    public const string InputName = "input";
    public const string OutputName = "output";

    public static ModelProto Build(FusedShuffleNetV2 model, OnnxExportOptions options)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("ONNX export writes little-endian weights and needs a little-endian machine.");
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var graph = new OnnxGraphBuilder("ShuffleNetV2");
        var layers = model.named_children().ToDictionary(c => c.name, c => c.module);

        var x = Layer(graph, "conv1", layers["conv1"], InputName);
        x = Layer(graph, "maxpool", layers["maxpool"], x);
        x = Layer(graph, "inverted_block", layers["inverted_block"], x);
        x = Layer(graph, "conv5", layers["conv5"], x);
        x = graph.ReduceMean("mean", x, axes: [2, 3], keepDims: false);
        var fc = (Linear)layers["fc"];
        graph.Gemm("fc", x, Weights(graph, "fc.weight", fc.weight), Weights(graph, "fc.bias", fc.bias!), OutputName);

        var batch = OnnxValueInfos.Symbolic("batch");
        graph.Graph.Input.Add(OnnxValueInfos.Tensor(InputName, TensorProto.Types.DataType.Float, [
            batch,
            OnnxValueInfos.Fixed(3),
            options.InputHeight is { } height ? OnnxValueInfos.Fixed(height) : OnnxValueInfos.Symbolic("height"),
            options.InputWidth is { } width ? OnnxValueInfos.Fixed(width) : OnnxValueInfos.Symbolic("width"),
        ]));
        graph.Graph.Output.Add(OnnxValueInfos.Tensor(OutputName, TensorProto.Types.DataType.Float, [batch.Clone(), OnnxValueInfos.Fixed(model.NumClasses)]));

        var onnx = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "ShuffleNetV2.Torch.Onnx",
            ProducerVersion = typeof(ShuffleNetV2GraphWriter).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
            Graph = graph.Graph,
        };
        onnx.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = OpsetVersion });
        onnx.MetadataProps.AddRange(MetadataProps.Entries(options));
        return onnx;
    }

    private static string Layer(OnnxGraphBuilder graph, string path, nn.Module module, string x) => module switch
    {
        InvertedResidual unit => Unit(graph, path, unit, x),
        Sequential sequential => sequential.named_children().Aggregate(x, (value, child) => Layer(graph, $"{path}.{child.name}", child.module, value)),
        Conv2d conv => Conv(graph, path, conv, x),
        ReLU => graph.Relu(path, x),
        MaxPool2d pool => graph.MaxPool(path, x, pool.kernel_size, pool.stride, Pads(pool.padding), pool.dilation, pool.ceil_mode),
        _ => throw new NotSupportedException($"ONNX export does not support layer '{path}' of type {module.GetType().Name}."),
    };

    /// <summary>Split (stride 1) or both branches on the whole input (stride 2), concatenation, channel shuffle with 2 groups.</summary>
    private static string Unit(OnnxGraphBuilder graph, string path, InvertedResidual unit, string x)
    {
        var branches = unit.named_children().ToDictionary(c => c.name, c => c.module);
        string left, right;
        if (unit.Stride == 1)
        {
            var (first, second) = graph.SplitInHalves($"{path}.split", x, axis: 1);
            left = Layer(graph, $"{path}.branch1", branches["branch1"], first);
            right = Layer(graph, $"{path}.branch2", branches["branch2"], second);
        }
        else
        {
            left = Layer(graph, $"{path}.branch1", branches["branch1"], x);
            right = Layer(graph, $"{path}.branch2", branches["branch2"], x);
        }

        var joined = graph.Concat($"{path}.concat", [left, right], axis: 1);

        // [N, C, H, W] → [N, 2, C/2, H·W] → [N, C/2, 2, H·W] → [N, C, H, W]: the reference model's view/transpose/view, with
        // height and width flattened so that neither needs to be known when the graph is written.
        var shape = graph.Shape($"{path}.shuffle.shape", joined);
        var groupsShape = graph.AddInt64Initializer($"{path}.shuffle.groups_shape", 0, 2, unit.OutputChannels / 2, -1);
        var grouped = graph.Reshape($"{path}.shuffle.group", joined, groupsShape);
        var transposed = graph.Transpose($"{path}.shuffle.transpose", grouped, 0, 2, 1, 3);
        return graph.Reshape($"{path}.shuffle", transposed, shape, output: path);
    }

    private static string Conv(OnnxGraphBuilder graph, string path, Conv2d conv, string x)
    {
        if (conv.bias is null || conv.padding is not { Length: 2 } padding)
        {
            throw new NotSupportedException($"ONNX export expects folded convolutions with a bias and numeric padding; '{path}' has neither.");
        }

        return graph.Conv(
            path,
            x,
            Weights(graph, $"{path}.weight", conv.weight),
            Weights(graph, $"{path}.bias", conv.bias),
            conv.kernel_size,
            conv.stride,
            Pads(padding),
            conv.dilation,
            conv.groups);
    }

    // ONNX pads list the starts of every spatial axis, then the ends: [top, left, bottom, right].
    private static long[] Pads(long[] padding) => [padding[0], padding[1], padding[0], padding[1]];

    /// <summary>A float32 initializer holding <paramref name="tensor"/>'s values.</summary>
    internal static string Weights(OnnxGraphBuilder graph, string name, Tensor tensor)
    {
        using var values = tensor.detach().to(ScalarType.Float32, CPU).contiguous();
        return graph.AddFloatInitializer(name, tensor.shape, values.bytes.ToArray());
    }
}
