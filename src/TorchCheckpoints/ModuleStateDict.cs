using System;
using System.Collections.Generic;
using static TorchSharp.torch;

namespace TorchCheckpoints;

/// <summary>A module's state dict in the order PyTorch's <c>state_dict()</c> lists it.</summary>
public static class ModuleStateDict
{
    /// <summary>
    /// The parameters and buffers of <paramref name="module"/> and its descendants as PyTorch orders them: each
    /// module's own parameters, then its own buffers, then its children depth-first in registration order.
    /// TorchSharp's <c>state_dict()</c> holds the same entries but lists all parameters before all buffers.
    /// </summary>
    /// <param name="module">The module.</param>
    /// <returns>Key → tensor (the module's own tensors, not copies).</returns>
    public static IReadOnlyList<KeyValuePair<string, Tensor>> InPyTorchOrder(nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        var entries = new List<KeyValuePair<string, Tensor>>();
        Collect(module, string.Empty, entries);
        return entries;
    }

    private static void Collect(nn.Module module, string prefix, List<KeyValuePair<string, Tensor>> entries)
    {
        foreach (var (name, parameter) in module.named_parameters(recurse: false))
        {
            entries.Add(KeyValuePair.Create(prefix + name, (Tensor)parameter));
        }

        foreach (var (name, buffer) in module.named_buffers(recurse: false))
        {
            entries.Add(KeyValuePair.Create(prefix + name, buffer));
        }

        foreach (var (name, child) in module.named_children())
        {
            Collect(child, $"{prefix}{name}.", entries);
        }
    }
}
