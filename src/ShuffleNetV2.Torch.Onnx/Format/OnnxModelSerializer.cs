using System.IO;
using Google.Protobuf;

namespace ShuffleNet.Torch.Onnx.Format;

/// <summary>
/// Serialises an <see cref="OnnxModel"/> as an ONNX <c>ModelProto</c>. The field numbers are those of the ONNX
/// specification's <c>onnx.proto</c> (proto2): message by message below.
/// </summary>
internal static class OnnxModelSerializer
{
    public static void Write(OnnxModel model, Stream stream)
    {
        using var output = new CodedOutputStream(stream, leaveOpen: true);
        // ModelProto: ir_version 1, producer_name 2, producer_version 3, graph 7, opset_import 8.
        output.WriteInt64(1, model.IrVersion);
        output.WriteString(2, model.ProducerName);
        output.WriteString(3, model.ProducerVersion);
        output.WriteMessage(7, Graph(model.Graph));
        output.WriteMessage(8, ProtobufFields.Message(opset =>
        {
            // OperatorSetIdProto: domain 1 (empty: the default ONNX domain), version 2.
            opset.WriteString(1, string.Empty);
            opset.WriteInt64(2, model.OpsetVersion);
        }));
    }

    // GraphProto: node 1, name 2, initializer 5, input 11, output 12.
    private static byte[] Graph(OnnxGraph graph) => ProtobufFields.Message(output =>
    {
        foreach (var node in graph.Nodes)
        {
            output.WriteMessage(1, Node(node));
        }

        output.WriteString(2, graph.Name);
        foreach (var initializer in graph.Initializers)
        {
            output.WriteMessage(5, Tensor(initializer));
        }

        foreach (var input in graph.Inputs)
        {
            output.WriteMessage(11, ValueInfo(input));
        }

        foreach (var graphOutput in graph.Outputs)
        {
            output.WriteMessage(12, ValueInfo(graphOutput));
        }
    });

    // NodeProto: input 1, output 2, name 3, op_type 4, attribute 5.
    private static byte[] Node(OnnxNode node) => ProtobufFields.Message(output =>
    {
        foreach (var input in node.Inputs)
        {
            output.WriteString(1, input);
        }

        foreach (var nodeOutput in node.Outputs)
        {
            output.WriteString(2, nodeOutput);
        }

        output.WriteString(3, node.Name);
        output.WriteString(4, node.OpType);
        foreach (var attribute in node.Attributes)
        {
            output.WriteMessage(5, Attribute(attribute));
        }
    });

    // AttributeProto: name 1, i 3, ints 8, type 20 (AttributeType: INT 2, INTS 7).
    private static byte[] Attribute(OnnxAttribute attribute) => ProtobufFields.Message(output =>
    {
        output.WriteString(1, attribute.Name);
        if (attribute.IsList)
        {
            foreach (var value in attribute.Values)
            {
                output.WriteInt64(8, value);
            }

            output.WriteInt32(20, 7);
        }
        else
        {
            output.WriteInt64(3, attribute.Values[0]);
            output.WriteInt32(20, 2);
        }
    });

    // TensorProto: dims 1, data_type 2, name 8, raw_data 9.
    private static byte[] Tensor(OnnxTensor tensor) => ProtobufFields.Message(output =>
    {
        foreach (var dim in tensor.Dims)
        {
            output.WriteInt64(1, dim);
        }

        output.WriteInt32(2, (int)tensor.DataType);
        output.WriteString(8, tensor.Name);
        output.WriteBytes(9, tensor.RawData);
    });

    // ValueInfoProto: name 1, type 2. TypeProto: tensor_type 1. TypeProto.Tensor: elem_type 1, shape 2.
    // TensorShapeProto: dim 1. TensorShapeProto.Dimension: dim_value 1, dim_param 2.
    private static byte[] ValueInfo(OnnxValueInfo value) => ProtobufFields.Message(output =>
    {
        output.WriteString(1, value.Name);
        output.WriteMessage(2, ProtobufFields.Message(type =>
            type.WriteMessage(1, ProtobufFields.Message(tensorType =>
            {
                tensorType.WriteInt32(1, (int)value.ElementType);
                tensorType.WriteMessage(2, ProtobufFields.Message(shape =>
                {
                    foreach (var dimension in value.Shape)
                    {
                        shape.WriteMessage(1, ProtobufFields.Message(dim =>
                        {
                            if (dimension.Value is { } size)
                            {
                                dim.WriteInt64(1, size);
                            }
                            else
                            {
                                dim.WriteString(2, dimension.Parameter!);
                            }
                        }));
                    }
                }));
            }))));
    });
}
