using System.Collections.Generic;
using TorchCheckpoints;

namespace ShuffleNet.Torch.Weights;

/// <summary>What a successful load did.</summary>
public sealed class WeightsLoadResult
{
    internal WeightsLoadResult(
        string filePath,
        CheckpointFormat format,
        WeightsKeyStyle keyStyle,
        int loadedCount,
        IReadOnlyList<string> missingKeys,
        IReadOnlyList<string> unexpectedKeys,
        IReadOnlyList<string> zeroFilledKeys,
        bool hashVerified)
    {
        FilePath = filePath;
        Format = format;
        KeyStyle = keyStyle;
        LoadedCount = loadedCount;
        MissingKeys = missingKeys;
        UnexpectedKeys = unexpectedKeys;
        ZeroFilledKeys = zeroFilledKeys;
        HashVerified = hashVerified;
    }

    /// <summary>The full path of the file read.</summary>
    public string FilePath { get; }

    /// <summary>The format recognised from the file's bytes.</summary>
    public CheckpointFormat Format { get; }

    /// <summary>The key naming recognised in the file.</summary>
    public WeightsKeyStyle KeyStyle { get; }

    /// <summary>How many parameters and buffers were copied from the file.</summary>
    public int LoadedCount { get; }

    /// <summary>Model keys the file lacks, left unchanged (non-strict loads only; empty otherwise).</summary>
    public IReadOnlyList<string> MissingKeys { get; }

    /// <summary>File keys, as the file names them, that the model has no place for and that were ignored (non-strict loads only).</summary>
    public IReadOnlyList<string> UnexpectedKeys { get; }

    /// <summary>
    /// <c>num_batches_tracked</c> buffers set to 0 because the file predates them (PyTorch &lt; 0.4.1), as PyTorch's
    /// BatchNorm does when the file's metadata gives no BatchNorm version 2 or later.
    /// </summary>
    public IReadOnlyList<string> ZeroFilledKeys { get; }

    /// <summary>Whether the SHA-256 prefix in the file name was checked (and matched).</summary>
    public bool HashVerified { get; }
}
