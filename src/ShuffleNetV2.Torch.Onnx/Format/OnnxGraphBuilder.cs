using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace ShuffleNet.Torch.Onnx.Format;

/// <summary>
/// Collects the nodes and initializers of one <see cref="GraphProto"/>, one method per ONNX operator used (opset 13
/// forms). Each node is named by the caller (a module path) and its single output value takes the same name unless
/// one is given.
/// </summary>
internal sealed class OnnxGraphBuilder
{
    private readonly GraphProto _graph;

    public OnnxGraphBuilder(string name)
    {
        _graph = new GraphProto { Name = name };
    }

    /// <summary>The graph built so far; add its inputs and outputs, then put it into a <see cref="ModelProto"/>.</summary>
    public GraphProto Graph => _graph;

    /// <summary>A float32 initializer; <paramref name="littleEndianFloats"/> becomes its raw data without a copy.</summary>
    public string AddFloatInitializer(string name, IReadOnlyList<long> dims, byte[] littleEndianFloats) =>
        AddInitializer(name, TensorProto.Types.DataType.Float, dims, UnsafeByteOperations.UnsafeWrap(littleEndianFloats));

    public string AddInt64Initializer(string name, params long[] values) =>
        AddInitializer(name, TensorProto.Types.DataType.Int64, [values.Length], ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())));

    /// <summary>A float32 initializer holding one number (a 0-d tensor), e.g. a per-tensor quantization scale.</summary>
    public string AddFloatScalar(string name, float value) =>
        AddInitializer(name, TensorProto.Types.DataType.Float, [], ByteString.CopyFrom(MemoryMarshal.AsBytes(new[] { value }.AsSpan())));

    /// <summary>A uint8 initializer holding one number (a 0-d tensor), e.g. a per-tensor zero point.</summary>
    public string AddUInt8Scalar(string name, byte value) =>
        AddInitializer(name, TensorProto.Types.DataType.Uint8, [], ByteString.CopyFrom(value));

    /// <summary>An int8 initializer holding one number (a 0-d tensor), e.g. a per-tensor zero point.</summary>
    public string AddInt8Scalar(string name, sbyte value) =>
        AddInitializer(name, TensorProto.Types.DataType.Int8, [], ByteString.CopyFrom(unchecked((byte)value)));

    /// <summary>A one-dimensional float32 initializer, e.g. per-channel quantization scales.</summary>
    public string AddFloatVector(string name, float[] values) =>
        AddInitializer(name, TensorProto.Types.DataType.Float, [values.Length], ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())));

    /// <summary>An int8 initializer of the given shape, e.g. quantized weights or per-channel zero points.</summary>
    public string AddInt8Initializer(string name, IReadOnlyList<long> dims, sbyte[] values) =>
        AddInitializer(name, TensorProto.Types.DataType.Int8, dims, ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())));

    /// <summary>A one-dimensional int32 initializer, e.g. a quantized bias.</summary>
    public string AddInt32Vector(string name, int[] values) =>
        AddInitializer(name, TensorProto.Types.DataType.Int32, [values.Length], ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())));

    public string Conv(string name, string input, string weight, string bias, long[] kernelShape, long[] strides, long[] pads, long[] dilations, long group, string? output = null) =>
        Add(
            name,
            "Conv",
            [input, weight, bias],
            [
                OnnxAttributes.Ints("kernel_shape", kernelShape),
                OnnxAttributes.Ints("strides", strides),
                OnnxAttributes.Ints("pads", pads),
                OnnxAttributes.Ints("dilations", dilations),
                OnnxAttributes.Int("group", group),
            ],
            output);

    public string Relu(string name, string input, string? output = null) => Add(name, "Relu", [input], [], output);

    /// <summary><c>saturate(round(input / scale) + zeroPoint)</c>, per tensor; the zero point's type is the output's.</summary>
    public string QuantizeLinear(string name, string input, string scale, string zeroPoint, string? output = null) =>
        Add(name, "QuantizeLinear", [input, scale, zeroPoint], [], output);

    /// <summary>
    /// <c>(input - zeroPoint) · scale</c>, per tensor, or along <paramref name="axis"/> when the scale is a vector; no
    /// zero point (<see langword="null"/>) means 0, as for an int32 bias.
    /// </summary>
    public string DequantizeLinear(string name, string input, string scale, string? zeroPoint, long? axis = null, string? output = null) =>
        Add(name, "DequantizeLinear", zeroPoint is null ? [input, scale] : [input, scale, zeroPoint], axis is { } a ? [OnnxAttributes.Int("axis", a)] : [], output);

    public string GlobalAveragePool(string name, string input) => Add(name, "GlobalAveragePool", [input], []);

    public string Flatten(string name, string input, long axis, string? output = null) => Add(name, "Flatten", [input], [OnnxAttributes.Int("axis", axis)], output);

    public string MaxPool(string name, string input, long[] kernelShape, long[] strides, long[] pads, long[] dilations, bool ceilMode) =>
        Add(name, "MaxPool", [input], [
            OnnxAttributes.Ints("kernel_shape", kernelShape),
            OnnxAttributes.Ints("strides", strides),
            OnnxAttributes.Ints("pads", pads),
            OnnxAttributes.Ints("dilations", dilations),
            OnnxAttributes.Int("ceil_mode", ceilMode ? 1 : 0),
        ]);

    /// <summary>Split into two equal halves along <paramref name="axis"/> (opset 13: no split sizes means equal parts).</summary>
    public (string First, string Second) SplitInHalves(string name, string input, long axis)
    {
        string[] outputs = [name + ".0", name + ".1"];
        AddNode(name, "Split", [input], outputs, [OnnxAttributes.Int("axis", axis)]);
        return (outputs[0], outputs[1]);
    }

    public string Concat(string name, IReadOnlyList<string> inputs, long axis) => Add(name, "Concat", inputs, [OnnxAttributes.Int("axis", axis)]);

    public string Shape(string name, string input) => Add(name, "Shape", [input], []);

    public string Reshape(string name, string input, string shape, string? output = null) => Add(name, "Reshape", [input, shape], [], output);

    public string Transpose(string name, string input, params long[] perm) => Add(name, "Transpose", [input], [OnnxAttributes.Ints("perm", perm)]);

    /// <summary>The slices of <paramref name="input"/> along <paramref name="axis"/> at the given indices, in their order.</summary>
    public string Gather(string name, string input, string indices, long axis, string? output = null) =>
        Add(name, "Gather", [input, indices], [OnnxAttributes.Int("axis", axis)], output);

    public string ReduceMean(string name, string input, long[] axes, bool keepDims) =>
        Add(name, "ReduceMean", [input], [OnnxAttributes.Ints("axes", axes), OnnxAttributes.Int("keepdims", keepDims ? 1 : 0)]);

    /// <summary><c>input · weightᵀ + bias</c>, as a Linear layer computes it.</summary>
    public string Gemm(string name, string input, string weight, string bias, string? output = null) =>
        Add(name, "Gemm", [input, weight, bias], [OnnxAttributes.Int("transB", 1)], output);

    private string AddInitializer(string name, TensorProto.Types.DataType dataType, IReadOnlyList<long> dims, ByteString rawData)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)dataType, RawData = rawData };
        tensor.Dims.AddRange(dims);
        _graph.Initializer.Add(tensor);
        return name;
    }

    private string Add(string name, string opType, IReadOnlyList<string> inputs, IReadOnlyList<AttributeProto> attributes, string? output = null)
    {
        var value = output ?? name;
        AddNode(name, opType, inputs, [value], attributes);
        return value;
    }

    private void AddNode(string name, string opType, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, IReadOnlyList<AttributeProto> attributes)
    {
        var node = new NodeProto { Name = name, OpType = opType };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
    }
}
