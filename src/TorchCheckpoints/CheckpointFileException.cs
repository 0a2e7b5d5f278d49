using System;
using System.IO;

namespace TorchCheckpoints;

/// <summary>
/// A state-dict file cannot be read or used: it is a directory, unreadable, empty, truncated, damaged, not a
/// checkpoint, fails its hash check, or (in a library that loads it into a model) does not fit the model. The message
/// names the file and what is wrong.
/// </summary>
public class CheckpointFileException : IOException
{
    /// <summary>Creates the exception.</summary>
    public CheckpointFileException()
    {
        FilePath = string.Empty;
    }

    /// <summary>Creates the exception.</summary>
    public CheckpointFileException(string message)
        : base(message)
    {
        FilePath = string.Empty;
    }

    /// <summary>Creates the exception.</summary>
    public CheckpointFileException(string message, Exception innerException)
        : base(message, innerException)
    {
        FilePath = string.Empty;
    }

    /// <summary>Creates the exception for a file.</summary>
    /// <param name="filePath">The file's full path.</param>
    /// <param name="message">What is wrong; it should name the file.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public CheckpointFileException(string filePath, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        FilePath = filePath;
    }

    /// <summary>The full path of the file.</summary>
    public string FilePath { get; }
}
