using System.Collections.Generic;
using System.IO;
using System.Linq;
using TorchShared;
using static TorchSharp.torch;

namespace TorchCheckpoints;

/// <summary>A storage named by a torch.save persistent id: its key (file name in the zip, or id in a legacy file), element type and size.</summary>
internal sealed record StorageRef(string Key, ScalarType DType, long ElementCount);

/// <summary>A tensor as <c>torch._utils._rebuild_tensor_v2</c> describes it: a view into a storage.</summary>
internal sealed record TensorRef(StorageRef Storage, long Offset, long[] Shape, long[] Stride);

/// <summary>
/// Gives meaning to the few globals a <c>torch.save(state_dict)</c> pickle uses (OrderedDict, the tensor rebuild
/// functions, the storage classes) and rejects everything else, so no pickle can make the reader do anything but
/// build plain data.
/// </summary>
internal sealed class TorchPickleHost : IPickleHost
{
    private static readonly Dictionary<string, ScalarType> StorageTypes = new()
    {
        ["DoubleStorage"] = ScalarType.Float64,
        ["FloatStorage"] = ScalarType.Float32,
        ["HalfStorage"] = ScalarType.Float16,
        ["BFloat16Storage"] = ScalarType.BFloat16,
        ["LongStorage"] = ScalarType.Int64,
        ["IntStorage"] = ScalarType.Int32,
        ["ShortStorage"] = ScalarType.Int16,
        ["CharStorage"] = ScalarType.Int8,
        ["ByteStorage"] = ScalarType.Byte,
        ["BoolStorage"] = ScalarType.Bool,
    };

    private readonly Dictionary<string, StorageRef> _storages = [];

    /// <summary>The storages the pickle referred to, by key, in order of first use.</summary>
    public IReadOnlyDictionary<string, StorageRef> Storages => _storages;

    public object PersistentLoad(object? persistentId)
    {
        // torch.save: ("storage", storage class, key, location, element count[, view metadata (legacy only)])
        if (persistentId is not object?[] { Length: 5 or 6 } id || id[0] is not "storage")
        {
            throw new InvalidDataException($"Unknown persistent id {Describe(persistentId)}: not a tensor storage written by torch.save.");
        }

        if (id[1] is not PickleGlobal { Module: "torch" } storageClass || !StorageTypes.TryGetValue(storageClass.Name, out var dtype))
        {
            throw new InvalidDataException($"Unsupported storage type {Describe(id[1])}.");
        }

        if (id[2] is not string key || id[4] is not long count || count < 0)
        {
            throw new InvalidDataException($"Malformed storage id {Describe(persistentId)}.");
        }

        if (id.Length == 6 && id[5] is not null)
        {
            throw new InvalidDataException($"Storage '{key}' is a view of another storage (a pre-0.4 PyTorch layout), which is not supported.");
        }

        if (_storages.TryGetValue(key, out var known))
        {
            return known;
        }

        var storage = new StorageRef(key, dtype, count);
        _storages[key] = storage;
        return storage;
    }

    public object? Call(PickleGlobal callable, object?[] arguments) => (callable.Module, callable.Name) switch
    {
        ("collections", "OrderedDict") when arguments.Length <= 1 => NewOrderedDict(arguments),
        ("torch._utils", "_rebuild_tensor_v2") when arguments.Length >= 4 => RebuildTensor(arguments),
        ("torch._utils", "_rebuild_tensor") when arguments.Length == 4 => RebuildTensor(arguments),
        ("torch._utils", "_rebuild_parameter") when arguments.Length >= 1 && arguments[0] is TensorRef tensor => tensor,
        _ => throw new InvalidDataException(
            $"The pickle calls {callable}, which a state dict does not contain: the file holds some other Python object " +
            "(a whole pickled model, an optimizer...). Save model.state_dict() instead."),
    };

    public void Build(object? target, object? state)
    {
        if (target is PickleDict dict)
        {
            dict.State = state;
            return;
        }

        throw new InvalidDataException($"The pickle sets the state of {Describe(target)}, which a state dict does not contain.");
    }

    // OrderedDict() or OrderedDict(iterable of (key, value) pairs).
    private static PickleDict NewOrderedDict(object?[] arguments)
    {
        var dict = new PickleDict();
        var pairs = arguments.Length == 0 ? [] : arguments[0] switch
        {
            List<object?> list => list,
            object?[] tuple => tuple.ToList(),
            _ => throw new InvalidDataException($"Malformed OrderedDict arguments {Describe(arguments)}."),
        };
        foreach (var pair in pairs)
        {
            if (pair is not object?[] { Length: 2 } keyValue || keyValue[0] is null)
            {
                throw new InvalidDataException($"Malformed OrderedDict item {Describe(pair)}.");
            }

            dict.Set(keyValue[0]!, keyValue[1]);
        }

        return dict;
    }

    private static TensorRef RebuildTensor(object?[] arguments)
    {
        if (arguments[0] is not StorageRef storage || arguments[1] is not long offset)
        {
            throw new InvalidDataException($"Malformed tensor: {Describe(arguments)}.");
        }

        var shape = Longs(arguments[2]);
        var stride = Longs(arguments[3]);
        if (shape.Length != stride.Length || offset < 0 || shape.Any(d => d < 0) || stride.Any(s => s < 0))
        {
            throw new InvalidDataException($"Malformed tensor of shape {ShapeText.Format(shape)}, stride {ShapeText.Format(stride)}, offset {offset}.");
        }

        return new TensorRef(storage, offset, shape, stride);
    }

    private static long[] Longs(object? value) => value is object?[] tuple && tuple.All(v => v is long)
        ? tuple.Select(v => (long)v!).ToArray()
        : throw new InvalidDataException($"Expected a tuple of ints, found {Describe(value)}.");

    internal static string Describe(object? value) => value switch
    {
        null => "None",
        string s => $"'{s}'",
        object?[] tuple => "(" + string.Join(", ", tuple.Take(6).Select(Describe)) + (tuple.Length > 6 ? ", ..." : string.Empty) + ")",
        PickleGlobal global => global.ToString(),
        PickleDict => "a dict",
        List<object?> => "a list",
        _ => value.GetType().Name,
    };
}
