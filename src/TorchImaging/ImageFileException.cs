using System;
using System.IO;

namespace TorchImaging;

/// <summary>An image file cannot be decoded: empty, truncated, damaged, or not an image. The message names the file.</summary>
public sealed class ImageFileException : IOException
{
    /// <summary>Creates the exception.</summary>
    public ImageFileException()
    {
        FilePath = string.Empty;
    }

    /// <summary>Creates the exception.</summary>
    public ImageFileException(string message)
        : base(message)
    {
        FilePath = string.Empty;
    }

    /// <summary>Creates the exception.</summary>
    public ImageFileException(string message, Exception innerException)
        : base(message, innerException)
    {
        FilePath = string.Empty;
    }

    /// <summary>Creates the exception for a file.</summary>
    /// <param name="filePath">The file's full path.</param>
    /// <param name="message">What is wrong; it should name the file.</param>
    public ImageFileException(string filePath, string message)
        : base(message)
    {
        FilePath = filePath;
    }

    /// <summary>The full path of the file.</summary>
    public string FilePath { get; }
}
