using System;
using System.Collections;
using System.Collections.Generic;
using static TorchSharp.torch;

namespace TorchTraining.Checkpoints;

/// <summary>Named tensors read from a checkpoint, outside any dispose scope; disposing the set disposes those not taken.</summary>
internal sealed class TensorSet : IReadOnlyDictionary<string, Tensor>, IDisposable
{
    private readonly Dictionary<string, Tensor> _tensors = new(StringComparer.Ordinal);

    public int Count => _tensors.Count;

    public IEnumerable<string> Keys => _tensors.Keys;

    public IEnumerable<Tensor> Values => _tensors.Values;

    public Tensor this[string key] => _tensors[key];

    public void Add(string key, Tensor tensor) => _tensors.Add(key, tensor.DetachFromDisposeScope());

    /// <summary>Removes <paramref name="key"/> from the set and hands its tensor to the caller, who owns it from now on.</summary>
    public Tensor Take(string key)
    {
        var tensor = _tensors[key];
        _tensors.Remove(key);
        return tensor;
    }

    public bool ContainsKey(string key) => _tensors.ContainsKey(key);

    public bool TryGetValue(string key, out Tensor value) => _tensors.TryGetValue(key, out value!);

    public IEnumerator<KeyValuePair<string, Tensor>> GetEnumerator() => _tensors.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public void Dispose()
    {
        foreach (var tensor in _tensors.Values)
        {
            tensor.Dispose();
        }

        _tensors.Clear();
    }
}
