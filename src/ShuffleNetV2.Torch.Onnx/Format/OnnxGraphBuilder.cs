using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace ShuffleNet.Torch.Onnx.Format;

/// <summary>
/// Collects the nodes and initializers of one graph, one method per ONNX operator used (opset 13 forms). Each node
/// is named by the caller (a module path) and its single output value takes the same name unless one is given.
/// </summary>
internal sealed class OnnxGraphBuilder
{
    private readonly List<OnnxNode> _nodes = [];
    private readonly List<OnnxTensor> _initializers = [];

    public IReadOnlyList<OnnxNode> Nodes => _nodes;

    public IReadOnlyList<OnnxTensor> Initializers => _initializers;

    public string AddFloatInitializer(string name, IReadOnlyList<long> dims, byte[] littleEndianFloats)
    {
        _initializers.Add(new OnnxTensor(name, OnnxDataType.Float, dims, littleEndianFloats));
        return name;
    }

    public string AddInt64Initializer(string name, params long[] values)
    {
        _initializers.Add(new OnnxTensor(name, OnnxDataType.Int64, [values.Length], MemoryMarshal.AsBytes(values.AsSpan()).ToArray()));
        return name;
    }

    public string Conv(string name, string input, string weight, string bias, long[] kernelShape, long[] strides, long[] pads, long[] dilations, long group) =>
        Add(name, "Conv", [input, weight, bias], [
            OnnxAttribute.Ints("kernel_shape", kernelShape),
            OnnxAttribute.Ints("strides", strides),
            OnnxAttribute.Ints("pads", pads),
            OnnxAttribute.Ints("dilations", dilations),
            OnnxAttribute.Int("group", group),
        ]);

    public string Relu(string name, string input) => Add(name, "Relu", [input], []);

    public string MaxPool(string name, string input, long[] kernelShape, long[] strides, long[] pads, long[] dilations, bool ceilMode) =>
        Add(name, "MaxPool", [input], [
            OnnxAttribute.Ints("kernel_shape", kernelShape),
            OnnxAttribute.Ints("strides", strides),
            OnnxAttribute.Ints("pads", pads),
            OnnxAttribute.Ints("dilations", dilations),
            OnnxAttribute.Int("ceil_mode", ceilMode ? 1 : 0),
        ]);

    /// <summary>Split into two equal halves along <paramref name="axis"/> (opset 13: no split sizes means equal parts).</summary>
    public (string First, string Second) SplitInHalves(string name, string input, long axis)
    {
        var outputs = new[] { name + ".0", name + ".1" };
        _nodes.Add(new OnnxNode(name, "Split", [input], outputs, [OnnxAttribute.Int("axis", axis)]));
        return (outputs[0], outputs[1]);
    }

    public string Concat(string name, IReadOnlyList<string> inputs, long axis) => Add(name, "Concat", inputs, [OnnxAttribute.Int("axis", axis)]);

    public string Shape(string name, string input) => Add(name, "Shape", [input], []);

    public string Reshape(string name, string input, string shape, string? output = null) => Add(name, "Reshape", [input, shape], [], output);

    public string Transpose(string name, string input, params long[] perm) => Add(name, "Transpose", [input], [OnnxAttribute.Ints("perm", perm)]);

    public string ReduceMean(string name, string input, long[] axes, bool keepDims) =>
        Add(name, "ReduceMean", [input], [OnnxAttribute.Ints("axes", axes), OnnxAttribute.Int("keepdims", keepDims ? 1 : 0)]);

    /// <summary><c>input · weightᵀ + bias</c>, as a Linear layer computes it.</summary>
    public string Gemm(string name, string input, string weight, string bias, string? output = null) =>
        Add(name, "Gemm", [input, weight, bias], [OnnxAttribute.Int("transB", 1)], output);

    private string Add(string name, string opType, IReadOnlyList<string> inputs, IReadOnlyList<OnnxAttribute> attributes, string? output = null)
    {
        var value = output ?? name;
        _nodes.Add(new OnnxNode(name, opType, inputs, [value], attributes));
        return value;
    }
}
