using System;
using System.Text.RegularExpressions;

namespace TorchCheckpoints;

/// <summary>
/// torch.hub's file naming: <c>name-&lt;first hex digits of the file's SHA-256&gt;.ext</c>, e.g.
/// <c>resnet18-f37072fd.pth</c>.
/// </summary>
public static partial class Sha256FileName
{
    /// <summary>The hash prefix in the file name (at least 8 lowercase hex digits after the last '-'), or null.</summary>
    /// <param name="path">A file name or path; only the name is read.</param>
    public static string? ExpectedPrefix(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var match = HashSuffix().Match(System.IO.Path.GetFileName(path));
        return match.Success ? match.Groups["hash"].Value : null;
    }

    /// <summary>True when the name carries a prefix and the content matches it; false when the name carries none.</summary>
    /// <param name="fullPath">The file's path, named in the error.</param>
    /// <param name="content">The file's bytes.</param>
    /// <exception cref="CheckpointFileException">The content's SHA-256 does not start with the name's prefix.</exception>
    public static bool Verify(string fullPath, ReadOnlySpan<byte> content)
    {
        var expected = ExpectedPrefix(fullPath);
        if (expected is null)
        {
            return false;
        }

        var actual = Sha256Hex.Of(content);
        if (!actual.StartsWith(expected, StringComparison.Ordinal))
        {
            throw new CheckpointFileException(fullPath,
                $"Weights file '{fullPath}' fails its hash check: the name says its SHA-256 starts with {expected}, " +
                $"but it starts with {actual[..expected.Length]}. The file is damaged or not the one published under that name.");
        }

        return true;
    }

    [GeneratedRegex("-(?<hash>[0-9a-f]{8,64})\\.[A-Za-z0-9]+$")]
    private static partial Regex HashSuffix();
}
