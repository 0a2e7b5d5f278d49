using System.Collections.Generic;
using System.IO;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchTraining.Checkpoints;

/// <summary>
/// Named tensors in TorchSharp's own state_dict stream (the format of <c>Module.save</c>: a LEB128 count, then each
/// name and tensor), so a model entry of a checkpoint also loads with <c>module.load(stream)</c>.
/// </summary>
internal static class TensorArchive
{
    public static void Write(Stream stream, IEnumerable<KeyValuePair<string, Tensor>> tensors)
    {
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        nn.Module.save_state_dict(writer, tensors.ToDictionary(kv => kv.Key, kv => kv.Value));
        writer.Flush();
    }

    /// <summary>Reads every tensor into a fresh CPU tensor, so the caller can check them all before using any.</summary>
    public static TensorSet Read(Stream stream)
    {
        using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        var set = new TensorSet();
        try
        {
            var count = ReadCount(reader);
            for (long i = 0; i < count; i++)
            {
                var key = reader.ReadString();
                set.Add(key, TensorExtensionMethods.Load(reader));
            }

            return set;
        }
        catch
        {
            set.Dispose();
            throw;
        }
    }

    /// <summary>Unsigned LEB128, as TorchSharp writes the count (its own decoder is internal).</summary>
    private static long ReadCount(BinaryReader reader)
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

        throw new InvalidDataException("The tensor count is malformed.");
    }
}
