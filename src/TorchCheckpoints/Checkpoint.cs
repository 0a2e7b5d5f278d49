using System;
using System.Collections.Generic;
using static TorchSharp.torch;

namespace TorchCheckpoints;

/// <summary>
/// A state-dict file read into memory: its tensors on the CPU under the file's own key names, in file order, and the
/// module versions of PyTorch's state_dict metadata when the file carries them.
/// </summary>
/// <remarks>
/// The tensors also belong to the dispose scope that was open when the file was read; disposing the checkpoint (or
/// that scope) frees them.
/// </remarks>
public sealed class Checkpoint : IDisposable
{
    internal Checkpoint(string path, CheckpointFormat format, IReadOnlyList<KeyValuePair<string, Tensor>> entries, IReadOnlyDictionary<string, long> moduleVersions)
    {
        Path = path;
        Format = format;
        Entries = entries;
        ModuleVersions = moduleVersions;
    }

    /// <summary>The full path of the file, or the name given for a stream (see <see cref="CheckpointReader.Read(System.IO.Stream, CheckpointFormat, string)"/>).</summary>
    public string Path { get; }

    /// <summary>The format the file was recognised as, from its bytes.</summary>
    public CheckpointFormat Format { get; }

    /// <summary>The tensors, under the file's key names, in file order.</summary>
    public IReadOnlyList<KeyValuePair<string, Tensor>> Entries { get; }

    /// <summary>
    /// PyTorch's <c>state_dict()._metadata</c> versions by module prefix (BatchNorm's version 2 added
    /// <c>num_batches_tracked</c>); empty for formats without them.
    /// </summary>
    public IReadOnlyDictionary<string, long> ModuleVersions { get; }

    /// <summary>Whether the file's SHA-256 was checked against the prefix in its name (see <see cref="Sha256FileName"/>) and matched.</summary>
    public bool HashVerified { get; internal set; }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var (_, tensor) in Entries)
        {
            tensor.Dispose();
        }
    }
}
