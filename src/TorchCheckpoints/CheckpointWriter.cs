using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using static TorchSharp.torch;

namespace TorchCheckpoints;

/// <summary>Writes state-dict files: PyTorch's zip format (for <c>torch.load</c>), safetensors or TorchSharp's format.</summary>
public static class CheckpointWriter
{
    /// <summary>
    /// Writes the tensors under their keys, in the given order, replacing <paramref name="path"/> atomically: the file
    /// is written beside it under a temporary name and renamed over it only when complete, so a failed write (a full
    /// disk, an exception) leaves any earlier file as it was and no temporary file behind.
    /// </summary>
    /// <param name="path">The file to write.</param>
    /// <param name="entries">Key → tensor, e.g. a module's <c>state_dict()</c> with keys renamed as the reader expects.</param>
    /// <param name="format">
    /// <see cref="CheckpointFormat.PyTorchZip"/> (what <c>torch.save(model.state_dict(), f)</c> writes),
    /// <see cref="CheckpointFormat.Safetensors"/> or <see cref="CheckpointFormat.TorchSharp"/>; the legacy PyTorch
    /// format is read only.
    /// </param>
    /// <exception cref="ArgumentException">The path is empty, a key repeats, or the format is read only.</exception>
    /// <exception cref="IOException">The file cannot be written (the earlier file is unchanged).</exception>
    public static void Write(string path, IEnumerable<KeyValuePair<string, Tensor>> entries, CheckpointFormat format)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(entries);
        var list = Checked(entries, format);
        var fullPath = Path.GetFullPath(path);
        WriteAtomically(fullPath, stream => WriteTo(stream, list, format, ArchiveName(fullPath)));
    }

    /// <summary>Writes the tensors under their keys, in the given order, to a stream (e.g. an entry of a larger archive), which stays open.</summary>
    /// <param name="stream">Where the state dict goes.</param>
    /// <param name="entries">Key → tensor.</param>
    /// <param name="format">As for <see cref="Write(string, IEnumerable{KeyValuePair{string, Tensor}}, CheckpointFormat)"/>.</param>
    /// <exception cref="ArgumentException">A key repeats, or the format is read only.</exception>
    public static void Write(Stream stream, IEnumerable<KeyValuePair<string, Tensor>> entries, CheckpointFormat format)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(entries);
        WriteTo(stream, Checked(entries, format), format, "archive");
    }

    /// <summary>
    /// Writes a file so that it is either the old file or the complete new one: <paramref name="write"/> fills a
    /// temporary file in the same folder, which is flushed to disk and renamed over <paramref name="fullPath"/> (an
    /// atomic replace on one file system). On any failure the temporary file is deleted and the earlier file kept.
    /// </summary>
    /// <remarks>
    /// The folder itself is not flushed (.NET has no portable way), so after a power cut the name may still lead to the
    /// old file, never to a partial one.
    /// </remarks>
    /// <param name="fullPath">The file to create or replace; its folder must exist.</param>
    /// <param name="write">Writes the whole content to the stream it is given.</param>
    public static void WriteAtomically(string fullPath, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fullPath);
        ArgumentNullException.ThrowIfNull(write);
        var target = Path.GetFullPath(fullPath);
        var temporary = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}{TemporarySuffix}");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, target, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>The ending of the temporary files <see cref="WriteAtomically"/> writes beside their target.</summary>
    public const string TemporarySuffix = ".tmp";

    private static List<KeyValuePair<string, Tensor>> Checked(IEnumerable<KeyValuePair<string, Tensor>> entries, CheckpointFormat format)
    {
        if (format is not (CheckpointFormat.PyTorchZip or CheckpointFormat.Safetensors or CheckpointFormat.TorchSharp))
        {
            throw new ArgumentException($"CheckpointWriter writes PyTorchZip, Safetensors or TorchSharp; {format} is read-only.", nameof(format));
        }

        var list = entries.ToList();
        var repeated = list.GroupBy(e => e.Key).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
        {
            throw new ArgumentException($"The key '{repeated.Key}' appears more than once.", nameof(entries));
        }

        return list;
    }

    private static void WriteTo(Stream stream, List<KeyValuePair<string, Tensor>> entries, CheckpointFormat format, string archiveName)
    {
        using var scope = NewDisposeScope();
        switch (format)
        {
            case CheckpointFormat.PyTorchZip:
                PyTorchZipWriter.Write(stream, archiveName, entries);
                break;
            case CheckpointFormat.Safetensors:
                SafetensorsFormat.Write(stream, entries);
                break;
            default:
                TorchSharpFormat.Write(stream, entries);
                break;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the original failure matters more than a leftover temporary file.
        }
    }

    // torch.save names the archive's folder after the file ("model.pth" → "model/"); torch.load accepts any name.
    private static string ArchiveName(string fullPath)
    {
        var name = Path.GetFileNameWithoutExtension(fullPath);
        return name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.') ? name : "archive";
    }
}
