using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using static TorchSharp.torch;

namespace TorchCheckpoints;

/// <summary>
/// TorchSharp's own format (<c>Module.save</c>): the entry count (LEB128), then per entry the key (a .NET
/// <see cref="BinaryWriter"/> string), the element type, the rank and each dimension (LEB128) and the raw bytes.
/// It has no magic number, so <see cref="LooksLike"/> checks the structure of the first entry.
/// </summary>
internal static class TorchSharpFormat
{
    private const int MaxKeyLength = 4096;
    private const int MaxRank = 16;

    public static bool LooksLike(byte[] file)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(file, writable: false));
            var count = Leb128(reader);
            if (count <= 0 || count > 10_000_000)
            {
                return false;
            }

            // Keys are module field names joined by dots; the first tensor's bytes must fit in the file.
            var key = ReadKey(reader);
            if (!key.All(c => char.IsLetterOrDigit(c) || c is '_' or '.') || ReadHeader(reader) is not var (dtype, shape))
            {
                return false;
            }

            var size = shape.Aggregate(1L, (a, d) => checked(a * d)) * ElementTypes.Size(dtype);
            return size <= reader.BaseStream.Length - reader.BaseStream.Position;
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or FormatException or OverflowException)
        {
            return false;
        }
    }

    public static Checkpoint Read(string path, byte[] file)
    {
        using var stream = new MemoryStream(file, writable: false);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        var count = Leb128(reader);
        var tensors = new List<KeyValuePair<string, Tensor>>();
        for (long i = 0; i < count; i++)
        {
            var key = ReadKey(reader);
            var (dtype, shape) = ReadHeader(reader) ?? throw new InvalidDataException($"Entry '{key}' has an unsupported element type or rank.");
            long numel = 1;
            foreach (var d in shape)
            {
                numel = checked(numel * d);
            }

            var size = checked(numel * ElementTypes.Size(dtype));
            if (size > stream.Length - stream.Position)
            {
                throw new EndOfStreamException($"Entry '{key}' needs {size} bytes, the file has {stream.Length - stream.Position} left.");
            }

            tensors.Add(new(key, ElementTypes.FromBytes(reader.ReadBytes((int)size), dtype, shape)));
        }

        if (stream.Position != stream.Length)
        {
            throw new InvalidDataException($"{stream.Length - stream.Position} unexpected bytes follow the last of the {count} entries.");
        }

        return new Checkpoint(path, CheckpointFormat.TorchSharp, tensors, new Dictionary<string, long>());
    }

    /// <summary>
    /// Writes the tensors' values in row-major order: TorchSharp's writer copies the raw storage and refuses any other
    /// layout (a channels-last weight, a transposed view), so those are written from a contiguous copy.
    /// </summary>
    public static void Write(Stream stream, IEnumerable<KeyValuePair<string, Tensor>> tensors)
    {
        using var scope = NewDisposeScope();
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        nn.Module.save_state_dict(writer, tensors.ToDictionary(kv => kv.Key, kv => kv.Value.is_contiguous() ? kv.Value : kv.Value.contiguous()));
    }

    private static string ReadKey(BinaryReader reader)
    {
        var length = reader.Read7BitEncodedInt();
        if (length <= 0 || length > MaxKeyLength || length > reader.BaseStream.Length - reader.BaseStream.Position)
        {
            throw new InvalidDataException("Implausible key length.");
        }

        return Encoding.UTF8.GetString(reader.ReadBytes(length));
    }

    private static (ScalarType DType, long[] Shape)? ReadHeader(BinaryReader reader)
    {
        var dtype = (ScalarType)Leb128(reader);
        var rank = Leb128(reader);
        if (!Enum.IsDefined(dtype) || rank > MaxRank || !IsSupported(dtype))
        {
            return null;
        }

        var shape = new long[rank];
        for (var i = 0; i < rank; i++)
        {
            shape[i] = Leb128(reader);
        }

        return (dtype, shape);
    }

    private static bool IsSupported(ScalarType dtype) => ElementTypes.IsFloating(dtype) || ElementTypes.IsInteger(dtype) || dtype == ScalarType.Bool;

    private static long Leb128(BinaryReader reader)
    {
        long result = 0;
        for (var shift = 0; shift < 63; shift += 7)
        {
            var b = reader.ReadByte();
            result |= (long)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw new InvalidDataException("Malformed LEB128 number.");
    }
}
