using System;

namespace TorchCheckpoints.Hub;

/// <summary>
/// A file cannot be brought into the cache or used from it: the server is unreachable or too slow, answers with an
/// error, ends the transfer early, or serves a file whose SHA-256 does not match; or the file already in the cache
/// fails its hash check. The message names the URL and the cache path; nothing is left in the cache by a failed download.
/// </summary>
public sealed class CheckpointDownloadException : CheckpointFileException
{
    /// <summary>Creates the exception.</summary>
    public CheckpointDownloadException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public CheckpointDownloadException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public CheckpointDownloadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a URL and its cache path.</summary>
    /// <param name="url">The file's URL.</param>
    /// <param name="filePath">The file's full path in the cache.</param>
    /// <param name="message">What went wrong; it should name the URL and the path.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public CheckpointDownloadException(Uri url, string filePath, string message, Exception? innerException = null)
        : base(filePath, message, innerException)
    {
        Url = url;
    }

    /// <summary>The URL of the file, when known.</summary>
    public Uri? Url { get; }
}
