using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json;

namespace TorchImaging.Tests;

/// <summary>Pillow 9.4's outputs recorded by tools/make_transform_fixtures.py (primitives.json.gz).</summary>
internal static class PillowFixtures
{
    public static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Fixtures");

    private static readonly Lazy<JsonDocument> Document = new(() =>
    {
        using var gzip = new GZipStream(File.OpenRead(Path.Combine(Folder, "primitives.json.gz")), CompressionMode.Decompress);
        return JsonDocument.Parse(gzip);
    });

    public static JsonElement Section(string name) => Document.Value.RootElement.GetProperty(name);

    public static ByteImage Decode(JsonElement entry) =>
        ImageDecoder.Decode(Path.Combine(Folder, entry.GetProperty("file").GetString()!), entry.TryGetProperty("mode", out var mode) && mode.GetString() == "L" ? ColorMode.Gray : ColorMode.Rgb);

    /// <summary>Null when <paramref name="actual"/> is the recorded image, else how it differs.</summary>
    public static string? Difference(ByteImage actual, JsonElement output)
    {
        var shape = output.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        if (actual.Height != shape[0] || actual.Width != shape[1] || actual.Channels != shape[2])
        {
            return $"shape {actual} instead of {shape[1]}×{shape[0]}×{shape[2]}";
        }

        if (output.TryGetProperty("sha256", out var digest))
        {
            return Convert.ToHexStringLower(SHA256.HashData(actual.Pixels)) == digest.GetString() ? null : "the SHA-256 of the pixels differs";
        }

        var expected = output.GetProperty("data").GetBytesFromBase64();
        var differing = actual.Pixels.Zip(expected).Count(p => p.First != p.Second);
        return differing == 0 ? null : $"{differing} of {expected.Length} bytes differ (largest by {actual.Pixels.Zip(expected).Max(p => Math.Abs(p.First - p.Second))})";
    }
}
