using System.Collections.Generic;
using Onnx;
using Dimension = Onnx.TensorShapeProto.Types.Dimension;

namespace ShuffleNet.Torch.Onnx.Format;

/// <summary>Graph inputs and outputs: tensors whose dimensions are each a fixed size or a named size chosen at run time.</summary>
internal static class OnnxValueInfos
{
    public static ValueInfoProto Tensor(string name, TensorProto.Types.DataType elementType, IEnumerable<Dimension> shape)
    {
        var tensorShape = new TensorShapeProto();
        tensorShape.Dim.AddRange(shape);
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)elementType, Shape = tensorShape } },
        };
    }

    /// <summary>A tensor whose shape is not declared (ONNX Runtime takes it from the graph).</summary>
    public static ValueInfoProto TensorOfAnyShape(string name, TensorProto.Types.DataType elementType) =>
        new() { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)elementType } } };

    public static Dimension Fixed(long size) => new() { DimValue = size };

    public static Dimension Symbolic(string name) => new() { DimParam = name };
}
