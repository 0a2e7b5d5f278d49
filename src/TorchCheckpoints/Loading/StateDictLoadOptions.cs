using System;
using System.Collections.Generic;

namespace TorchCheckpoints;

/// <summary>
/// How <see cref="StateDictMatch.Create"/> matches a state dict against a module. The defaults are PyTorch's
/// <c>load_state_dict(strict=True)</c> plus its shape check.
/// </summary>
public sealed record StateDictLoadOptions
{
    /// <summary>
    /// When true (the default) every module key must be in the state dict and every state-dict key in the module;
    /// otherwise keys missing on either side are left out and listed in <see cref="StateDictMatch.MissingKeys"/> and
    /// <see cref="StateDictMatch.UnexpectedKeys"/>. Shape and element type mismatches are problems in both modes.
    /// </summary>
    public bool Strict { get; init; } = true;

    /// <summary>
    /// The module's key for a state-dict key, for a state dict that names the same tensors otherwise (e.g. another
    /// implementation of the network); null keeps the keys as they are.
    /// </summary>
    public Func<string, string>? MapKey { get; init; }

    /// <summary>
    /// Module keys to leave as they are, e.g. a classifier replaced for fine-tuning: never loaded, never missing, and
    /// state-dict entries mapped to them are ignored.
    /// </summary>
    public IReadOnlyCollection<string> Skip { get; init; } = [];

    /// <summary>
    /// When true (the default) a floating tensor converts to the module's floating type and an integer tensor to its
    /// integer type, as PyTorch's <c>load_state_dict</c> copies; when false the element types must be equal.
    /// </summary>
    public bool ConvertElementTypes { get; init; } = true;

    /// <summary>
    /// PyTorch's state-dict metadata (<see cref="Checkpoint.ModuleVersions"/>). When given, a missing
    /// <c>num_batches_tracked</c> of a module that the metadata gives no version 2 or later is filled with 0, as
    /// PyTorch's BatchNorm does for files older than that buffer. Null (the default): a missing key is missing.
    /// </summary>
    public IReadOnlyDictionary<string, long>? ModuleVersions { get; init; }
}
