using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace TorchCheckpoints;

/// <summary>
/// A state dict matched against a module, all or nothing: every key, shape and element type is checked, and every
/// tensor converted, before <see cref="CopyIntoModule"/> writes the first module tensor.
/// </summary>
/// <remarks>
/// The match owns the tensors it makes (element type conversions, zero fills) and frees them on dispose; the state
/// dict's tensors stay the caller's and must live until the copy.
/// </remarks>
public sealed class StateDictMatch : IDisposable
{
    private const string NumBatchesTracked = "num_batches_tracked";
    private readonly nn.Module _module;
    private readonly List<(string Key, Tensor Value)> _plan;
    private readonly List<Tensor> _owned;

    private StateDictMatch(
        nn.Module module,
        List<(string Key, Tensor Value)> plan,
        List<Tensor> owned,
        IReadOnlyList<StateDictProblem> problems,
        IReadOnlyList<string> missing,
        IReadOnlyList<string> unexpected,
        IReadOnlyList<string> zeroFilled)
    {
        _module = module;
        _plan = plan;
        _owned = owned;
        Problems = problems;
        MissingKeys = missing;
        UnexpectedKeys = unexpected;
        ZeroFilledKeys = zeroFilled;
    }

    /// <summary>
    /// Every key that keeps the state dict from loading, the module's keys first (in its <c>state_dict()</c> order),
    /// then the state dict's unexpected keys; empty when it fits. Missing and unexpected keys count only in strict mode.
    /// </summary>
    public IReadOnlyList<StateDictProblem> Problems { get; }

    /// <summary>Whether the state dict fits: <see cref="Problems"/> is empty.</summary>
    public bool Fits => Problems.Count == 0;

    /// <summary>Module keys the state dict lacks (left unchanged by a non-strict load).</summary>
    public IReadOnlyList<string> MissingKeys { get; }

    /// <summary>State-dict keys, as the state dict names them, that the module has no place for (ignored by a non-strict load).</summary>
    public IReadOnlyList<string> UnexpectedKeys { get; }

    /// <summary><c>num_batches_tracked</c> buffers that the copy sets to 0 (see <see cref="StateDictLoadOptions.ModuleVersions"/>).</summary>
    public IReadOnlyList<string> ZeroFilledKeys { get; }

    /// <summary>How many module tensors the copy fills from the state dict (zero fills not counted).</summary>
    public int LoadedCount => _plan.Count - ZeroFilledKeys.Count;

    /// <summary>Matches <paramref name="stateDict"/> against <paramref name="module"/>'s parameters and buffers; changes neither.</summary>
    /// <param name="module">The module to load into.</param>
    /// <param name="stateDict">Key → tensor, e.g. <see cref="Checkpoint.Entries"/>; a key that repeats counts once, the last.</param>
    /// <param name="options">Strictness, key mapping, skipped keys, conversions; null for PyTorch's strict defaults.</param>
    public static StateDictMatch Create(nn.Module module, IEnumerable<KeyValuePair<string, Tensor>> stateDict, StateDictLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(stateDict);
        options ??= new StateDictLoadOptions();
        var skipped = options.Skip.ToHashSet(StringComparer.Ordinal);
        var target = module.state_dict();

        var fromFile = new Dictionary<string, (string FileKey, Tensor Tensor)>(StringComparer.Ordinal);
        var unexpected = new List<(string FileKey, Tensor Tensor)>();
        foreach (var (fileKey, tensor) in stateDict)
        {
            var key = options.MapKey?.Invoke(fileKey) ?? fileKey;
            if (skipped.Contains(key))
            {
                continue;
            }

            if (target.ContainsKey(key))
            {
                fromFile[key] = (fileKey, tensor);
            }
            else
            {
                unexpected.Add((fileKey, tensor));
            }
        }

        var plan = new List<(string Key, Tensor Value)>();
        var owned = new List<Tensor>();
        var problems = new List<StateDictProblem>();
        var missing = new List<string>();
        var zeroFilled = new List<string>();
        try
        {
            using var noGrad = no_grad();
            foreach (var (key, tensor) in target.Where(kv => !skipped.Contains(kv.Key)))
            {
                if (!fromFile.TryGetValue(key, out var source))
                {
                    if (options.ModuleVersions is { } versions && PredatesNumBatchesTracked(key, versions, fromFile))
                    {
                        zeroFilled.Add(key);
                        plan.Add((key, Own(owned, zeros_like(tensor, device: CPU))));
                    }
                    else
                    {
                        missing.Add(key);
                        if (options.Strict)
                        {
                            problems.Add(new StateDictProblem(StateDictProblemKind.Missing, key, null, tensor, null));
                        }
                    }

                    continue;
                }

                var value = source.Tensor;
                if (!value.shape.SequenceEqual(tensor.shape))
                {
                    problems.Add(new StateDictProblem(StateDictProblemKind.Shape, key, source.FileKey, tensor, value));
                }
                else if (value.dtype != tensor.dtype && !(options.ConvertElementTypes && ElementTypes.CanConvert(value.dtype, tensor.dtype)))
                {
                    problems.Add(new StateDictProblem(StateDictProblemKind.ElementType, key, source.FileKey, tensor, value));
                }
                else
                {
                    plan.Add((key, value.dtype == tensor.dtype ? value : Own(owned, value.to(tensor.dtype))));
                }
            }

            if (options.Strict)
            {
                problems.AddRange(unexpected.Select(u => new StateDictProblem(StateDictProblemKind.Unexpected, null, u.FileKey, null, u.Tensor)));
            }
        }
        catch
        {
            DisposeAll(owned);
            throw;
        }

        return new StateDictMatch(module, plan, owned, problems, missing, unexpected.Select(u => u.FileKey).ToList(), zeroFilled);
    }

    /// <summary>
    /// Copies the matched tensors into the module's parameters and buffers as they are now (after a move to another
    /// device too), converting to each one's device.
    /// </summary>
    /// <exception cref="InvalidOperationException">The state dict does not fit (<see cref="Problems"/> is not empty).</exception>
    public void CopyIntoModule()
    {
        if (!Fits)
        {
            throw new InvalidOperationException($"The state dict does not fit the module: {string.Join("; ", Problems.Take(3))}.");
        }

        var target = _module.state_dict();
        using var noGrad = no_grad();
        foreach (var (key, value) in _plan)
        {
            target[key].copy_(value);
        }
    }

    /// <inheritdoc />
    public void Dispose() => DisposeAll(_owned);

    private static Tensor Own(List<Tensor> owned, Tensor tensor)
    {
        owned.Add(tensor.DetachFromDisposeScope());
        return tensor;
    }

    private static void DisposeAll(List<Tensor> tensors)
    {
        foreach (var tensor in tensors)
        {
            tensor.Dispose();
        }

        tensors.Clear();
    }

    // PyTorch's BatchNorm fills a missing num_batches_tracked with 0 when the metadata gives its module no version 2 or later.
    private static bool PredatesNumBatchesTracked(string key, IReadOnlyDictionary<string, long> versions, Dictionary<string, (string FileKey, Tensor Tensor)> fromFile)
    {
        string prefix;
        if (key == NumBatchesTracked)
        {
            prefix = string.Empty;
        }
        else if (key.EndsWith("." + NumBatchesTracked, StringComparison.Ordinal))
        {
            prefix = key[..^(NumBatchesTracked.Length + 1)];
        }
        else
        {
            return false;
        }

        return !versions.TryGetValue(FilePrefix(prefix, fromFile), out var version) || version < 2;
    }

    /// <summary>The state dict's name of a module, read off one of its own tensors there (its weight or running mean); the module's name when it has none.</summary>
    private static string FilePrefix(string prefix, Dictionary<string, (string FileKey, Tensor Tensor)> fromFile)
    {
        var start = prefix.Length == 0 ? 0 : prefix.Length + 1;
        foreach (var (key, (fileKey, _)) in fromFile)
        {
            if (key.Length > start && (start == 0 || (key.StartsWith(prefix, StringComparison.Ordinal) && key[prefix.Length] == '.')) && key.IndexOf('.', start) < 0)
            {
                var leaf = key[start..];
                if (fileKey.EndsWith(leaf, StringComparison.Ordinal) && (fileKey.Length == leaf.Length || fileKey[^(leaf.Length + 1)] == '.'))
                {
                    return fileKey.Length == leaf.Length ? string.Empty : fileKey[..^(leaf.Length + 1)];
                }
            }
        }

        return prefix;
    }
}
