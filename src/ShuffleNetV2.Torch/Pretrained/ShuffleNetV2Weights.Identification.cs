using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using TorchCheckpoints;

namespace ShuffleNet.Torch.Pretrained;

/// <summary>Which published file a local file is.</summary>
public sealed partial class ShuffleNetV2Weights
{
    /// <summary>
    /// The entry a weights file is, or null when it is none of them: first by name — the entry's
    /// <see cref="FileName"/>, or any name whose torch.hub hash suffix (<c>name-&lt;hex&gt;.ext</c>) agrees with an entry's
    /// <see cref="Sha256Prefix"/> — and otherwise by content, when the file's SHA-256 starts with an entry's prefix (a
    /// published file under another name). A name alone identifies the entry without reading the file; loading with
    /// <see cref="Weights.WeightsLoadOptions.VerifyHashFromFileName"/> then checks it.
    /// </summary>
    /// <param name="path">A weights file.</param>
    /// <returns>The entry, whose <see cref="Transforms"/> is the evaluation transform to use with the file; or null.</returns>
    /// <exception cref="FileNotFoundException">The name matches no entry and the file does not exist.</exception>
    /// <exception cref="CheckpointFileException">The name matches no entry and the file is a directory or cannot be read.</exception>
    public static ShuffleNetV2Weights? Identify(string path) => Identify(path, All);

    internal static ShuffleNetV2Weights? Identify(string path, IReadOnlyList<ShuffleNetV2Weights> entries)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var name = Path.GetFileName(path);
        var namePrefix = Sha256FileName.ExpectedPrefix(name);
        var byName = entries.FirstOrDefault(e => e.FileName == name
            || (namePrefix is not null && (namePrefix.StartsWith(e.Sha256Prefix, StringComparison.Ordinal) || e.Sha256Prefix.StartsWith(namePrefix, StringComparison.Ordinal))));
        if (byName is not null)
        {
            return byName;
        }

        var sha256 = Sha256Of(Path.GetFullPath(path));
        return entries.FirstOrDefault(e => sha256.StartsWith(e.Sha256Prefix, StringComparison.Ordinal));
    }

    private static string Sha256Of(string fullPath)
    {
        if (Directory.Exists(fullPath))
        {
            throw new CheckpointFileException(fullPath, $"Weights path '{fullPath}' is a directory, not a file.");
        }

        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"Weights file '{fullPath}' does not exist.", fullPath);
        }

        try
        {
            return Sha256Hex.OfFile(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointFileException(fullPath, $"Weights file '{fullPath}' cannot be read: {e.Message}", e);
        }
    }
}
