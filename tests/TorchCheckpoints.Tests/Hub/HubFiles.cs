using System;
using System.IO;
using System.Security.Cryptography;

namespace TorchCheckpoints.Tests.Hub;

/// <summary>Test files named as torch.hub names them, and a fresh torch home per test.</summary>
internal sealed class HubFiles : IDisposable
{
    public HubFiles()
    {
        TorchHome = Path.Combine(Path.GetTempPath(), "torch-home-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(TorchHome);
    }

    /// <summary>A folder of its own, standing in for $TORCH_HOME.</summary>
    public string TorchHome { get; }

    /// <summary>Where torch.hub caches files under <see cref="TorchHome"/>.</summary>
    public string Checkpoints => Path.Combine(TorchHome, "hub", "checkpoints");

    /// <summary>Reproducible bytes, spanning several of the downloader's 64 KiB blocks when large.</summary>
    public static byte[] Bytes(int length, int seed = 1)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>The first 10 hex digits of the bytes' SHA-256, as torchvision's file names carry them.</summary>
    public static string Prefix(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes))[..10];

    /// <summary>torch.hub's name for the bytes: <c>stem-&lt;prefix&gt;.pth</c>.</summary>
    public static string HashName(string stem, byte[] bytes) => $"{stem}-{Prefix(bytes)}.pth";

    /// <summary>Every file in the cache folder (none when it does not exist).</summary>
    public string[] CachedFiles() =>
        Directory.Exists(Checkpoints) ? Directory.GetFiles(Checkpoints) : [];

    public void Dispose() => Directory.Delete(TorchHome, recursive: true);
}
