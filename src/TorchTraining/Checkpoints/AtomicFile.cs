using System;
using System.IO;

namespace TorchTraining.Checkpoints;

/// <summary>
/// Writes a file so that it is either the old file or the complete new one: the content goes to a temporary file in the
/// same folder, is flushed to disk, and then renamed over the target (an atomic replace on one file system).
/// </summary>
/// <remarks>
/// When writing fails (an exception, a full disk), the temporary file is deleted and the target is untouched. The folder
/// itself is not flushed (.NET has no portable way), so after a power cut the name may still lead to the old file,
/// never to a partial one.
/// </remarks>
internal static class AtomicFile
{
    public const string TemporarySuffix = ".tmp";

    /// <summary>Writes <paramref name="path"/> with <paramref name="write"/>.</summary>
    /// <param name="path">The file to create or replace; its folder is created when missing.</param>
    /// <param name="write">Writes the whole content into the stream it is given.</param>
    /// <param name="wrap">For tests: wraps the file stream (e.g. into one that fails part-way).</param>
    public static void Write(string path, Action<Stream> write, Func<Stream, Stream>? wrap = null)
    {
        ArgumentNullException.ThrowIfNull(write);
        var target = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}{TemporarySuffix}");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                var stream = wrap?.Invoke(file) ?? file;
                write(stream);
                stream.Flush();
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, target, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>Copies <paramref name="source"/> to <paramref name="destination"/> atomically.</summary>
    public static void Copy(string source, string destination, Func<Stream, Stream>? wrap = null) =>
        Write(destination, output =>
        {
            using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
            input.CopyTo(output);
        }, wrap);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: the original error matters more than a leftover temporary file.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
