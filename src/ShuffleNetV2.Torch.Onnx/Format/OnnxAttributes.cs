using Onnx;

namespace ShuffleNet.Torch.Onnx.Format;

/// <summary>Node attributes of the two kinds this graph needs: one integer (<c>INT</c>) or a list of them (<c>INTS</c>).</summary>
internal static class OnnxAttributes
{
    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }
}
