using System;
using System.IO;
using TorchCheckpoints;

namespace TorchTraining;

/// <summary>
/// The run's files written atomically (TorchCheckpoints' <see cref="CheckpointWriter.WriteAtomically"/>), their folder
/// created when missing, with a hook for tests that wraps the file stream (e.g. into one that fails part-way).
/// </summary>
internal static class AtomicFile
{
    public const string TemporarySuffix = CheckpointWriter.TemporarySuffix;

    /// <summary>Writes <paramref name="path"/> with <paramref name="write"/>.</summary>
    public static void Write(string path, Action<Stream> write, Func<Stream, Stream>? wrap = null)
    {
        ArgumentNullException.ThrowIfNull(write);
        var target = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        CheckpointWriter.WriteAtomically(target, file =>
        {
            var stream = wrap?.Invoke(file) ?? file;
            write(stream);
            stream.Flush();
        });
    }

    /// <summary>Copies <paramref name="source"/> to <paramref name="destination"/> atomically.</summary>
    public static void Copy(string source, string destination, Func<Stream, Stream>? wrap = null) =>
        Write(destination, output =>
        {
            using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
            input.CopyTo(output);
        }, wrap);
}
