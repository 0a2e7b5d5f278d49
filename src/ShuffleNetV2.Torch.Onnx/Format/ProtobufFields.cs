using System;
using System.IO;
using Google.Protobuf;

namespace ShuffleNet.Torch.Onnx.Format;

/// <summary>Writes single protobuf fields (tag + value) and builds embedded messages as length-delimited bytes.</summary>
internal static class ProtobufFields
{
    /// <summary>The bytes of one message, written by <paramref name="write"/>; embed them with <see cref="WriteMessage"/>.</summary>
    public static byte[] Message(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        using (var output = new CodedOutputStream(buffer, leaveOpen: true))
        {
            write(output);
        }

        return buffer.ToArray();
    }

    public static void WriteInt64(this CodedOutputStream output, int field, long value)
    {
        output.WriteTag(field, WireFormat.WireType.Varint);
        output.WriteInt64(value);
    }

    public static void WriteInt32(this CodedOutputStream output, int field, int value)
    {
        output.WriteTag(field, WireFormat.WireType.Varint);
        output.WriteInt32(value);
    }

    public static void WriteString(this CodedOutputStream output, int field, string value)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteString(value);
    }

    public static void WriteBytes(this CodedOutputStream output, int field, ReadOnlyMemory<byte> value)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(UnsafeByteOperations.UnsafeWrap(value));
    }

    /// <summary>An embedded message: on the wire, the same as a bytes field holding the message's bytes.</summary>
    public static void WriteMessage(this CodedOutputStream output, int field, byte[] message) => output.WriteBytes(field, message);
}
