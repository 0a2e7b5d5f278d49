using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;

namespace TorchTraining.Tests.Support;

/// <summary>Every file and folder under a root, each file by its SHA-256: two snapshots are equal when nothing was created, changed or deleted.</summary>
internal static class FolderSnapshot
{
    /// <summary>Relative path to SHA-256 (hex) of each file, and to "folder" for each folder; empty when the root does not exist.</summary>
    public static IReadOnlyDictionary<string, string> Of(string root)
    {
        if (!Directory.Exists(root))
        {
            return new Dictionary<string, string>();
        }

        var folders = Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories).Select(d => (Path.GetRelativePath(root, d), "folder"));
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => (Path.GetRelativePath(root, f), Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))));
        return folders.Concat(files).ToDictionary(e => e.Item1, e => e.Item2, StringComparer.Ordinal);
    }
}
