using System.Collections.Generic;

namespace ShuffleNet.Torch.Onnx.Format;

/// <summary>The element types of ONNX's <c>TensorProto.DataType</c> used here.</summary>
internal enum OnnxDataType
{
    Float = 1,
    Int64 = 7,
}

/// <summary>An ONNX model: one graph and the default-domain opset it uses.</summary>
internal sealed record OnnxModel(long IrVersion, long OpsetVersion, string ProducerName, string ProducerVersion, OnnxGraph Graph);

/// <summary>An ONNX graph: nodes in topological order, weights as initializers, typed inputs and outputs.</summary>
internal sealed record OnnxGraph(
    string Name,
    IReadOnlyList<OnnxNode> Nodes,
    IReadOnlyList<OnnxTensor> Initializers,
    IReadOnlyList<OnnxValueInfo> Inputs,
    IReadOnlyList<OnnxValueInfo> Outputs);

/// <summary>One operator call.</summary>
internal sealed record OnnxNode(string Name, string OpType, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs, IReadOnlyList<OnnxAttribute> Attributes);

/// <summary>An integer attribute (<c>INT</c>) or a list of integers (<c>INTS</c>), the only kinds this graph needs.</summary>
internal sealed record OnnxAttribute(string Name, IReadOnlyList<long> Values, bool IsList)
{
    public static OnnxAttribute Int(string name, long value) => new(name, [value], IsList: false);

    public static OnnxAttribute Ints(string name, params long[] values) => new(name, values, IsList: true);
}

/// <summary>A constant tensor, its elements little-endian in <see cref="RawData"/>.</summary>
internal sealed record OnnxTensor(string Name, OnnxDataType DataType, IReadOnlyList<long> Dims, byte[] RawData);

/// <summary>A graph input or output: a tensor type whose dimensions are each a number or a symbolic name.</summary>
internal sealed record OnnxValueInfo(string Name, OnnxDataType ElementType, IReadOnlyList<OnnxDimension> Shape);

/// <summary>One dimension: a fixed size, or a named size chosen at run time (such as the batch).</summary>
internal sealed record OnnxDimension(long? Value, string? Parameter)
{
    public static OnnxDimension Fixed(long value) => new(value, null);

    public static OnnxDimension Symbolic(string name) => new(null, name);
}
