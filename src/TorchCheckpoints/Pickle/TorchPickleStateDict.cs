using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace TorchCheckpoints;

/// <summary>Turns the unpickled object of a torch.save file into (key, tensor reference) pairs and the BatchNorm metadata.</summary>
internal static class TorchPickleStateDict
{
    public static (List<KeyValuePair<string, TensorRef>> Entries, Dictionary<string, long> ModuleVersions) Read(object? root)
    {
        if (root is not PickleDict dict)
        {
            throw new InvalidDataException($"The file holds {TorchPickleHost.Describe(root)}, not a state dict (a dict of name → tensor).");
        }

        var entries = new List<KeyValuePair<string, TensorRef>>(dict.Items.Count);
        var notTensors = new List<string>();
        foreach (var (key, value) in dict.Items)
        {
            if (key is string name && value is TensorRef tensor)
            {
                entries.Add(new(name, tensor));
            }
            else
            {
                notTensors.Add($"{TorchPickleHost.Describe(key)} → {TorchPickleHost.Describe(value)}");
            }
        }

        if (notTensors.Count > 0)
        {
            throw new InvalidDataException(
                $"The file holds a dict whose entries are not all tensors ({string.Join("; ", notTensors.Take(5))}" +
                (notTensors.Count > 5 ? $"; and {notTensors.Count - 5} more" : string.Empty) +
                "), not a state dict. If it wraps one (e.g. under 'state_dict' or 'model'), save that inner dict on its own.");
        }

        return (entries, ModuleVersions(dict.State));
    }

    // state_dict()._metadata: {module prefix: {"version": n}}; BatchNorm uses it to know whether num_batches_tracked exists.
    private static Dictionary<string, long> ModuleVersions(object? state)
    {
        var versions = new Dictionary<string, long>();
        if (state is PickleDict attributes && attributes.Get("_metadata") is PickleDict metadata)
        {
            foreach (var (prefix, moduleMetadata) in metadata.Items)
            {
                if (prefix is string name && moduleMetadata is PickleDict values && values.Get("version") is long version)
                {
                    versions[name] = version;
                }
            }
        }

        return versions;
    }
}
