using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Numerics;
using static TorchSharp.torch;

namespace TorchCheckpoints;

/// <summary>
/// Reads <c>torch.save(state_dict)</c> files in the legacy format (PyTorch &lt; 1.6, or
/// <c>_use_new_zipfile_serialization=False</c>): five pickles in a row — the magic number, the protocol version
/// (1001), the system information (byte order, type sizes), the state dict (with a persistent id per storage) and the
/// list of storage keys — then, for each key in that order, the storage's element count (int64) and its raw bytes.
/// </summary>
internal static class PyTorchLegacyReader
{
    /// <summary>0x1950a86a20f9469cfc6c, the first pickle of every legacy torch.save file.</summary>
    public static readonly BigInteger MagicNumber = BigInteger.Parse("119547037146038801333356", System.Globalization.CultureInfo.InvariantCulture);

    private const long ProtocolVersion = 1001;

    public static Checkpoint Read(string path, byte[] file)
    {
        using var stream = new MemoryStream(file, writable: false);
        var host = new TorchPickleHost();
        var reader = new PickleReader(stream, host);

        if (reader.Load() is not BigInteger magic || magic != MagicNumber)
        {
            throw new InvalidDataException("The file starts with a pickle but not with torch.save's magic number: it is not a PyTorch checkpoint.");
        }

        if (reader.Load() is not long protocol || protocol != ProtocolVersion)
        {
            throw new InvalidDataException($"Unsupported legacy PyTorch protocol version (expected {ProtocolVersion}).");
        }

        if (reader.Load() is PickleDict systemInfo && systemInfo.Get("little_endian") is false)
        {
            throw new InvalidDataException("The checkpoint was written on a big-endian machine, which is not supported.");
        }

        var (entries, versions) = TorchPickleStateDict.Read(reader.Load());

        if (reader.Load() is not List<object?> keys || keys.Any(k => k is not string))
        {
            throw new InvalidDataException("Malformed legacy checkpoint: the storage key list is missing.");
        }

        var storages = new Dictionary<string, byte[]>();
        using var binary = new BinaryReader(stream);
        foreach (string key in keys.Cast<string>())
        {
            if (!host.Storages.TryGetValue(key, out var storage))
            {
                throw new InvalidDataException($"Malformed legacy checkpoint: storage '{key}' is listed but no tensor uses it.");
            }

            var count = binary.ReadInt64();
            var size = count * ElementTypes.Size(storage.DType);
            if (count != storage.ElementCount || size > stream.Length - stream.Position)
            {
                throw new EndOfStreamException(
                    $"Storage '{key}' should hold {storage.ElementCount} elements ({storage.ElementCount * ElementTypes.Size(storage.DType)} bytes); " +
                    $"the file says {count} and has {stream.Length - stream.Position} bytes left.");
            }

            storages[key] = binary.ReadBytes((int)size);
        }

        var missing = host.Storages.Keys.Where(k => !storages.ContainsKey(k)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException($"Malformed legacy checkpoint: no data for storages {string.Join(", ", missing)}.");
        }

        var tensors = entries
            .Select(e => new KeyValuePair<string, Tensor>(e.Key, ElementTypes.FromStorage(e.Value, storages[e.Value.Storage.Key], e.Key)))
            .ToList();
        return new Checkpoint(path, CheckpointFormat.PyTorchLegacy, tensors, versions);
    }
}
