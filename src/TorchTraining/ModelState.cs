using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace TorchTraining;

/// <summary>A model's parameters and buffers (its state_dict) as tensors: copies, checks of fit, and copying back.</summary>
internal static class ModelState
{
    /// <summary>Detached copies of every state_dict entry, outside any dispose scope (the caller disposes them).</summary>
    public static Dictionary<string, Tensor> Clone(nn.Module model)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var copies = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (key, tensor) in model.state_dict())
        {
            copies.Add(key, tensor.detach().clone().DetachFromDisposeScope());
        }

        return copies;
    }

    /// <summary>Copies <paramref name="source"/> into the model's tensors; the keys and shapes must fit (see <see cref="Mismatches"/>).</summary>
    public static void CopyInto(nn.Module model, IReadOnlyDictionary<string, Tensor> source)
    {
        using var noGrad = no_grad();
        foreach (var (key, target) in model.state_dict())
        {
            target.copy_(source[key]);
        }
    }

    /// <summary>How <paramref name="source"/> does not fit the model's state_dict (missing or unexpected keys, other shapes or types); empty when it fits.</summary>
    public static IReadOnlyList<string> Mismatches(nn.Module model, IReadOnlyDictionary<string, Tensor> source)
    {
        var target = model.state_dict();
        var problems = new List<string>();
        foreach (var (key, tensor) in target)
        {
            if (!source.TryGetValue(key, out var loaded))
            {
                problems.Add($"'{key}' is missing (the model has {Describe(tensor)})");
            }
            else if (!loaded.shape.SequenceEqual(tensor.shape) || loaded.dtype != tensor.dtype)
            {
                problems.Add($"'{key}' is {Describe(loaded)} but the model has {Describe(tensor)}");
            }
        }

        problems.AddRange(source.Keys.Where(k => !target.ContainsKey(k)).Select(k => $"'{k}' is not in the model"));
        return problems;
    }

    public static void DisposeAll(IEnumerable<Tensor> tensors)
    {
        foreach (var tensor in tensors)
        {
            tensor.Dispose();
        }
    }

    public static string Describe(Tensor tensor) => $"{tensor.dtype} [{string.Join(", ", tensor.shape)}]";

    /// <summary>The device of the model's first parameter (or buffer); the CPU for a model without either.</summary>
    public static Device DeviceOf(nn.Module model)
    {
        foreach (var (_, tensor) in model.state_dict())
        {
            return tensor.device;
        }

        return CPU;
    }
}
