using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using static TorchSharp.torch;

namespace TorchCheckpoints;

/// <summary>
/// Reads <c>torch.save(state_dict)</c> files in the zip format (PyTorch ≥ 1.6): an archive <c>&lt;name&gt;/data.pkl</c>
/// (the pickled dict, with a persistent id per storage) and one entry <c>&lt;name&gt;/data/&lt;key&gt;</c> of raw
/// little-endian bytes per storage.
/// </summary>
internal static class PyTorchZipReader
{
    public static Checkpoint Read(string path, byte[] file)
    {
        using var archive = OpenArchive(file);
        var pickleEntry = archive.Entries.FirstOrDefault(e => e.FullName == "data.pkl" || e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal))
            ?? throw new InvalidDataException("The zip archive has no data.pkl: it is not a PyTorch checkpoint.");
        var prefix = pickleEntry.FullName[..^"data.pkl".Length];

        var host = new TorchPickleHost();
        using var pickle = ReadEntry(pickleEntry);
        var (entries, versions) = TorchPickleStateDict.Read(new PickleReader(pickle, host).Load());

        var storages = new Dictionary<string, byte[]>();
        foreach (var storage in host.Storages.Values)
        {
            var entry = archive.GetEntry($"{prefix}data/{storage.Key}")
                ?? throw new InvalidDataException($"The zip archive lacks the storage entry '{prefix}data/{storage.Key}'.");
            var expected = storage.ElementCount * ElementTypes.Size(storage.DType);
            if (entry.Length < expected)
            {
                throw new InvalidDataException($"Storage '{entry.FullName}' has {entry.Length} bytes, its tensors need {expected}.");
            }

            using var stream = ReadEntry(entry);
            storages[storage.Key] = stream.ToArray()[..(int)expected];
        }

        var tensors = entries
            .Select(e => new KeyValuePair<string, Tensor>(e.Key, ElementTypes.FromStorage(e.Value, storages[e.Value.Storage.Key], e.Key)))
            .ToList();
        return new Checkpoint(path, CheckpointFormat.PyTorchZip, tensors, versions);
    }

    private static ZipArchive OpenArchive(byte[] file)
    {
        try
        {
            return new ZipArchive(new MemoryStream(file, writable: false), ZipArchiveMode.Read);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"The zip archive is damaged or truncated ({e.Message}).", e);
        }
    }

    private static MemoryStream ReadEntry(ZipArchiveEntry entry)
    {
        try
        {
            using var source = entry.Open();
            var copy = new MemoryStream();
            source.CopyTo(copy);
            copy.Position = 0;
            return copy;
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"The zip entry '{entry.FullName}' is damaged ({e.Message}).", e);
        }
    }
}
