using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using Razorvine.Pickle;
using static TorchSharp.torch;

namespace TorchCheckpoints;

/// <summary>
/// Writes <c>torch.save(state_dict)</c>'s zip format as PyTorch 1.13 lays it out: <c>&lt;name&gt;/data.pkl</c> (a
/// protocol-2 pickle of a dict of key → <c>torch._utils._rebuild_tensor_v2(storage, 0, shape, stride, False,
/// OrderedDict())</c>, each storage a persistent id <c>("storage", torch.&lt;Type&gt;Storage, key, "cpu", numel)</c>),
/// one uncompressed entry <c>&lt;name&gt;/data/&lt;key&gt;</c> of little-endian bytes per tensor, and
/// <c>&lt;name&gt;/version</c> ("3"). Razorvine.Pickle writes the pickle; only the torch-specific objects are described here.
/// </summary>
/// <remarks>
/// The dict is a plain dict (torch.save's OrderedDict also carries <c>_metadata</c> with module versions, which
/// <c>load_state_dict</c> needs only to fill in a missing BatchNorm <c>num_batches_tracked</c>).
/// </remarks>
internal static class PyTorchZipWriter
{
    private const string FormatVersion = "3\n";

    static PyTorchZipWriter()
    {
        // Razorvine's registries are process-wide; these types are private to this writer, so nothing else is affected.
        Pickler.registerCustomDeconstructor(typeof(StoredTensor), new StoredTensorDeconstructor());
        Pickler.registerCustomDeconstructor(typeof(EmptyOrderedDict), new EmptyOrderedDictDeconstructor());
        Pickler.registerCustomPickler(typeof(StorageType), new StorageTypePickler());
    }

    public static void Write(Stream stream, string archiveName, IEnumerable<KeyValuePair<string, Tensor>> tensors)
    {
        var entries = tensors.ToList();
        using var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        var stateDict = new Dictionary<object, object>(entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            var (key, tensor) = entries[i];
            var storageKey = i.ToString(CultureInfo.InvariantCulture);
            using (var data = archive.CreateEntry($"{archiveName}/data/{storageKey}", CompressionLevel.NoCompression).Open())
            using (var cpu = tensor.detach().cpu().contiguous())
            {
                cpu.WriteBytesToStream(data);
            }

            stateDict[key] = new StoredTensor(storageKey, tensor.dtype, tensor.shape);
        }

        using (var pickle = archive.CreateEntry($"{archiveName}/data.pkl", CompressionLevel.NoCompression).Open())
        {
            new StoragePickler().dump(stateDict, pickle);
        }

        using var version = archive.CreateEntry($"{archiveName}/version", CompressionLevel.NoCompression).Open();
        version.Write(Encoding.ASCII.GetBytes(FormatVersion));
    }

    private static string StorageClass(ScalarType dtype) => dtype switch
    {
        ScalarType.Float64 => "DoubleStorage",
        ScalarType.Float32 => "FloatStorage",
        ScalarType.Float16 => "HalfStorage",
        ScalarType.BFloat16 => "BFloat16Storage",
        ScalarType.Int64 => "LongStorage",
        ScalarType.Int32 => "IntStorage",
        ScalarType.Int16 => "ShortStorage",
        ScalarType.Int8 => "CharStorage",
        ScalarType.Byte => "ByteStorage",
        ScalarType.Bool => "BoolStorage",
        _ => throw new ArgumentException($"PyTorch's zip format has no storage type for tensors of {dtype}."),
    };

    /// <summary>A tensor as the pickle sees it: a contiguous view of the whole storage with that key.</summary>
    private sealed record StoredTensor(string StorageKey, ScalarType DType, long[] Shape)
    {
        public long ElementCount => Shape.Aggregate(1L, (a, d) => a * d);

        public object[] Strides()
        {
            var strides = new object[Shape.Length];
            long stride = 1;
            for (var i = Shape.Length - 1; i >= 0; i--)
            {
                strides[i] = stride;
                stride *= Shape[i];
            }

            return strides;
        }
    }

    /// <summary>The persistent id's storage class, pickled as the global <c>torch.&lt;Type&gt;Storage</c>.</summary>
    private sealed record StorageType(string Name);

    /// <summary>The empty <c>OrderedDict()</c> of backward hooks that <c>_rebuild_tensor_v2</c> takes.</summary>
    private sealed class EmptyOrderedDict;

    /// <summary>The storage of each tensor becomes a persistent id, as torch.save's <c>persistent_id</c> makes it.</summary>
    private sealed class StoragePickler : Pickler
    {
        protected override bool persistentId(object pid, out object newpid)
        {
            if (pid is not StorageKey storage)
            {
                newpid = null!;
                return false;
            }

            newpid = new object[] { "storage", new StorageType(StorageClass(storage.Tensor.DType)), storage.Tensor.StorageKey, "cpu", storage.Tensor.ElementCount };
            return true;
        }
    }

    private sealed record StorageKey(StoredTensor Tensor);

    private sealed class StoredTensorDeconstructor : IObjectDeconstructor
    {
        public string get_module() => "torch._utils";

        public string get_name() => "_rebuild_tensor_v2";

        public object[] deconstruct(object obj)
        {
            var tensor = (StoredTensor)obj;
            return [new StorageKey(tensor), 0L, tensor.Shape.Cast<object>().ToArray(), tensor.Strides(), false, new EmptyOrderedDict()];
        }
    }

    private sealed class EmptyOrderedDictDeconstructor : IObjectDeconstructor
    {
        public string get_module() => "collections";

        public string get_name() => "OrderedDict";

        public object[] deconstruct(object obj) => [];
    }

    private sealed class StorageTypePickler : IObjectPickler
    {
        public void pickle(object o, Stream outs, Pickler currentPickler)
        {
            outs.WriteByte(Opcodes.GLOBAL);
            outs.Write(Encoding.ASCII.GetBytes($"torch\n{((StorageType)o).Name}\n"));
        }
    }
}
