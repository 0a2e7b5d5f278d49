using System;

namespace TorchTraining.Checkpoints;

/// <summary>
/// A checkpoint that does not fit what should be loaded from it: other parameter shapes or class count, another
/// optimizer, other data. The message starts with the file and says what does not fit; nothing was loaded.
/// </summary>
public sealed class CheckpointMismatchException : Exception
{
    /// <summary>Creates the exception with a message only.</summary>
    public CheckpointMismatchException()
        : this("The checkpoint does not fit.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public CheckpointMismatchException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public CheckpointMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    private CheckpointMismatchException(string path, string mismatch, bool _)
        : base($"Checkpoint '{path}' does not fit: {mismatch}")
    {
        Path = path;
        Mismatch = mismatch;
    }

    /// <summary>The checkpoint file.</summary>
    public string Path { get; } = "";

    /// <summary>What does not fit.</summary>
    public string Mismatch { get; } = "";

    internal static CheckpointMismatchException For(string path, string mismatch) => new(path, mismatch, true);
}
