using System.Collections.Generic;
using TorchShared;
using static TorchSharp.torch;

namespace TorchCheckpoints;

/// <summary>What keeps one key of a state dict from loading into a module.</summary>
public enum StateDictProblemKind
{
    /// <summary>The module has the key, the state dict does not (strict loads only).</summary>
    Missing,

    /// <summary>The state dict has the key, the module does not (strict loads only).</summary>
    Unexpected,

    /// <summary>Both have the key with different shapes.</summary>
    Shape,

    /// <summary>Both have the key with the same shape and element types that do not convert.</summary>
    ElementType,
}

/// <summary>One key of a state dict that does not fit a module, with both sides' tensors as far as they exist.</summary>
public sealed class StateDictProblem
{
    internal StateDictProblem(StateDictProblemKind kind, string? moduleKey, string? fileKey, Tensor? module, Tensor? file)
    {
        Kind = kind;
        ModuleKey = moduleKey;
        FileKey = fileKey;
        ModuleType = module?.dtype;
        ModuleShape = module?.shape;
        FileType = file?.dtype;
        FileShape = file?.shape;
    }

    /// <summary>What does not fit.</summary>
    public StateDictProblemKind Kind { get; }

    /// <summary>The module's key; null for <see cref="StateDictProblemKind.Unexpected"/>.</summary>
    public string? ModuleKey { get; }

    /// <summary>The state dict's own key; null for <see cref="StateDictProblemKind.Missing"/>.</summary>
    public string? FileKey { get; }

    /// <summary>The module tensor's element type; null for <see cref="StateDictProblemKind.Unexpected"/>.</summary>
    public ScalarType? ModuleType { get; }

    /// <summary>The module tensor's shape; null for <see cref="StateDictProblemKind.Unexpected"/>.</summary>
    public IReadOnlyList<long>? ModuleShape { get; }

    /// <summary>The state-dict tensor's element type; null for <see cref="StateDictProblemKind.Missing"/>.</summary>
    public ScalarType? FileType { get; }

    /// <summary>The state-dict tensor's shape; null for <see cref="StateDictProblemKind.Missing"/>.</summary>
    public IReadOnlyList<long>? FileShape { get; }

    /// <summary>The problem as a sentence, e.g. "'fc.weight' is Float32 [4, 16] but the model has Float32 [5, 16]".</summary>
    public override string ToString() => Kind switch
    {
        StateDictProblemKind.Missing => $"'{ModuleKey}' is missing (the model has {ModuleType} {ShapeText.Format(ModuleShape!)})",
        StateDictProblemKind.Unexpected => $"'{FileKey}' is not in the model",
        _ => $"'{ModuleKey}'{(FileKey == ModuleKey ? string.Empty : $" (file: '{FileKey}')")} is {FileType} {ShapeText.Format(FileShape!)} but the model has {ModuleType} {ShapeText.Format(ModuleShape!)}",
    };
}
