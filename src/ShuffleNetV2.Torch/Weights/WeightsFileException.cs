using System;
using System.IO;

namespace ShuffleNet.Torch;

/// <summary>
/// A weights file cannot be loaded: it is empty, truncated, damaged, not a checkpoint, fails its hash check, or does
/// not fit the model. The message names the file and what is wrong; the model is unchanged.
/// </summary>
public class WeightsFileException : IOException
{
    /// <summary>Creates the exception.</summary>
    public WeightsFileException()
    {
        FilePath = string.Empty;
    }

    /// <summary>Creates the exception.</summary>
    public WeightsFileException(string message)
        : base(message)
    {
        FilePath = string.Empty;
    }

    /// <summary>Creates the exception.</summary>
    public WeightsFileException(string message, Exception innerException)
        : base(message, innerException)
    {
        FilePath = string.Empty;
    }

    /// <summary>Creates the exception for a file.</summary>
    /// <param name="filePath">The file's full path.</param>
    /// <param name="message">What is wrong; it should name the file.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public WeightsFileException(string filePath, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        FilePath = filePath;
    }

    /// <summary>The full path of the file.</summary>
    public string FilePath { get; }
}
