using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using static TorchSharp.torch;

namespace TorchCheckpoints;

/// <summary>
/// The safetensors format: an unsigned 64-bit little-endian header length N, N bytes of UTF-8 JSON
/// (<c>{"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, "__metadata__": {..}}</c>, offsets relative
/// to the end of the header), then the tensors' raw little-endian bytes.
/// </summary>
internal static class SafetensorsFormat
{
    private const int Alignment = 8;

    private static readonly Dictionary<string, ScalarType> Types = new()
    {
        ["F64"] = ScalarType.Float64,
        ["F32"] = ScalarType.Float32,
        ["F16"] = ScalarType.Float16,
        ["BF16"] = ScalarType.BFloat16,
        ["I64"] = ScalarType.Int64,
        ["I32"] = ScalarType.Int32,
        ["I16"] = ScalarType.Int16,
        ["I8"] = ScalarType.Int8,
        ["U8"] = ScalarType.Byte,
        ["BOOL"] = ScalarType.Bool,
    };

    /// <summary>Whether the bytes start like a safetensors file: a plausible header length followed by '{'.</summary>
    public static bool LooksLike(ReadOnlySpan<byte> file) =>
        file.Length >= 10 && BitConverter.ToUInt64(file[..8]) is var length && length >= 2 && length <= (ulong)(file.Length - 8) && file[8] == (byte)'{';

    public static Checkpoint Read(string path, byte[] file)
    {
        var headerLength = (long)BitConverter.ToUInt64(file, 0);
        var dataStart = 8 + headerLength;
        var dataLength = file.Length - dataStart;
        using var header = ParseHeader(file.AsMemory(8, (int)headerLength));

        var tensors = new List<KeyValuePair<string, Tensor>>();
        foreach (var property in header.RootElement.EnumerateObject())
        {
            if (property.Name == "__metadata__")
            {
                continue;
            }

            var (dtype, shape, begin, end) = ParseEntry(property);
            if (begin < 0 || begin > end || end > dataLength)
            {
                throw new InvalidDataException($"Tensor '{property.Name}' lies at bytes [{begin}, {end}) but the data section has {dataLength} bytes: the file is truncated or damaged.");
            }

            tensors.Add(new(property.Name, ElementTypes.FromBytes(file.AsSpan((int)(dataStart + begin), (int)(end - begin)), dtype, shape)));
        }

        return new Checkpoint(path, CheckpointFormat.Safetensors, tensors, new Dictionary<string, long>());
    }

    /// <summary>Writes CPU-contiguous copies of the tensors, in the given order, with an 8-byte-aligned header.</summary>
    public static void Write(Stream stream, IEnumerable<KeyValuePair<string, Tensor>> tensors)
    {
        var entries = tensors.ToList();
        var header = new Dictionary<string, object>();
        long offset = 0;
        foreach (var (key, tensor) in entries)
        {
            var length = tensor.NumberOfElements * ElementTypes.Size(tensor.dtype);
            header[key] = new Dictionary<string, object>
            {
                ["dtype"] = Types.First(t => t.Value == tensor.dtype).Key,
                ["shape"] = tensor.shape,
                ["data_offsets"] = new[] { offset, offset + length },
            };
            offset += length;
        }

        header["__metadata__"] = new Dictionary<string, string> { ["format"] = "pt" };
        var json = JsonSerializer.SerializeToUtf8Bytes(header);
        var padding = (Alignment - ((8 + json.Length) % Alignment)) % Alignment;
        stream.Write(BitConverter.GetBytes((ulong)(json.Length + padding)));
        stream.Write(json);
        stream.Write(Encoding.ASCII.GetBytes(new string(' ', padding)));
        foreach (var (_, tensor) in entries)
        {
            using var cpu = tensor.detach().cpu().contiguous();
            cpu.WriteBytesToStream(stream);
        }
    }

    private static JsonDocument ParseHeader(ReadOnlyMemory<byte> json)
    {
        try
        {
            var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                throw new InvalidDataException("The safetensors header is not a JSON object.");
            }

            return document;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The safetensors header is not valid JSON ({e.Message}).", e);
        }
    }

    private static (ScalarType DType, long[] Shape, long Begin, long End) ParseEntry(JsonProperty property)
    {
        try
        {
            var entry = property.Value;
            var typeName = entry.GetProperty("dtype").GetString() ?? string.Empty;
            if (!Types.TryGetValue(typeName, out var dtype))
            {
                throw new InvalidDataException($"Tensor '{property.Name}' has the unsupported safetensors dtype '{typeName}'.");
            }

            var shape = entry.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            var offsets = entry.GetProperty("data_offsets").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            if (offsets.Length != 2 || shape.Any(d => d < 0))
            {
                throw new InvalidDataException($"Tensor '{property.Name}' has a malformed safetensors entry.");
            }

            return (dtype, shape, offsets[0], offsets[1]);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"Tensor '{property.Name}' has a malformed safetensors entry ({e.Message}).", e);
        }
    }
}
