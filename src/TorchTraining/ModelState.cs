using System;
using System.Collections.Generic;
using System.Linq;
using TorchCheckpoints;
using static TorchSharp.torch;

namespace TorchTraining;

/// <summary>A model's parameters and buffers (its state_dict) as tensors: copies, matching them back, and messages.</summary>
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

    /// <summary>
    /// <paramref name="source"/> matched against the model's state_dict exactly: the same keys, shapes and element types,
    /// as the trainer's copies, averages and checkpoints are made.
    /// </summary>
    public static StateDictMatch Match(nn.Module model, IReadOnlyDictionary<string, Tensor> source) =>
        StateDictMatch.Create(model, source, new StateDictLoadOptions { ConvertElementTypes = false });

    /// <summary>The first three problems, and how many more: "a; b; c (and 2 more)".</summary>
    public static string Summary<T>(IReadOnlyList<T> problems) =>
        string.Join("; ", problems.Take(3)) + (problems.Count > 3 ? $" (and {problems.Count - 3} more)" : "");

    public static void DisposeAll(IEnumerable<Tensor> tensors)
    {
        foreach (var tensor in tensors)
        {
            tensor.Dispose();
        }
    }

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
