using System;
using System.Collections.Generic;
using TorchCheckpoints;

namespace ShuffleNet.Torch.Weights;

/// <summary>
/// A readable checkpoint does not fit the model: keys are missing or unexpected (strict loads), or shapes or element
/// types differ. The message lists every problem at once; the lists below hold them one by one. The model is unchanged.
/// </summary>
public sealed class WeightsMismatchException : CheckpointFileException
{
    /// <summary>Creates the exception.</summary>
    public WeightsMismatchException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public WeightsMismatchException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public WeightsMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal WeightsMismatchException(
        string filePath,
        string message,
        IReadOnlyList<string> missingKeys,
        IReadOnlyList<string> unexpectedKeys,
        IReadOnlyList<string> shapeMismatches,
        IReadOnlyList<string> typeMismatches)
        : base(filePath, message)
    {
        MissingKeys = missingKeys;
        UnexpectedKeys = unexpectedKeys;
        ShapeMismatches = shapeMismatches;
        TypeMismatches = typeMismatches;
    }

    /// <summary>Model keys the file lacks.</summary>
    public IReadOnlyList<string> MissingKeys { get; } = [];

    /// <summary>File keys the model has no place for, as the file names them.</summary>
    public IReadOnlyList<string> UnexpectedKeys { get; } = [];

    /// <summary>One line per key whose shapes differ: "key: model [..], file [..]".</summary>
    public IReadOnlyList<string> ShapeMismatches { get; } = [];

    /// <summary>One line per key whose element types cannot be converted: "key: model Float32, file Int64".</summary>
    public IReadOnlyList<string> TypeMismatches { get; } = [];
}
