using System;
using System.IO;

namespace ShuffleNet.Torch;

/// <summary>Reads a checkpoint file of any supported format, recognised from its bytes, into a <see cref="Checkpoint"/>.</summary>
internal static class CheckpointFile
{
    private static readonly byte[] ZipSignature = [0x50, 0x4b, 0x03, 0x04];
    private static readonly byte[] EmptyZipSignature = [0x50, 0x4b, 0x05, 0x06];

    // LONG1 with 10 bytes: the pickled magic number 0x1950a86a20f9469cfc6c that opens every legacy torch.save file.
    private static readonly byte[] LegacyMagic = [0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19];

    /// <summary>Reads and parses the file; every failure is a <see cref="WeightsFileException"/> or <see cref="FileNotFoundException"/> naming it.</summary>
    public static (Checkpoint Checkpoint, bool HashVerified) Read(string path, bool verifyHash)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = Path.GetFullPath(path);
        var file = ReadAllBytes(fullPath);
        if (file.Length == 0)
        {
            throw new WeightsFileException(fullPath, $"Weights file '{fullPath}' is empty (0 bytes): not a checkpoint.");
        }

        var hashVerified = verifyHash && Sha256FileName.Verify(fullPath, file);
        var format = Detect(file) ?? throw new WeightsFileException(fullPath,
            $"Weights file '{fullPath}' is not a checkpoint: its first bytes ({Convert.ToHexString(file.AsSpan(0, Math.Min(16, file.Length)))}) " +
            "match none of the formats read here (PyTorch zip, PyTorch legacy, safetensors, TorchSharp).");

        try
        {
            var checkpoint = format switch
            {
                WeightsFormat.PyTorchZip => PyTorchZipReader.Read(fullPath, file),
                WeightsFormat.PyTorchLegacy => PyTorchLegacyReader.Read(fullPath, file),
                WeightsFormat.Safetensors => SafetensorsFormat.Read(fullPath, file),
                _ => TorchSharpFormat.Read(fullPath, file),
            };
            return (checkpoint, hashVerified);
        }
        catch (EndOfStreamException e)
        {
            throw new WeightsFileException(fullPath, $"Weights file '{fullPath}' ({Describe(format)}, {file.Length} bytes) is truncated: {e.Message}", e);
        }
        catch (Exception e) when (e is InvalidDataException or OverflowException)
        {
            throw new WeightsFileException(fullPath, $"Weights file '{fullPath}' ({Describe(format)}) is damaged or not a state dict: {e.Message}", e);
        }
    }

    /// <summary>The format the bytes start like, or null.</summary>
    public static WeightsFormat? Detect(byte[] file)
    {
        var span = file.AsSpan();
        if (span.StartsWith(ZipSignature) || span.StartsWith(EmptyZipSignature))
        {
            return WeightsFormat.PyTorchZip;
        }

        if (IsLegacyTorchSave(span))
        {
            return WeightsFormat.PyTorchLegacy;
        }

        if (SafetensorsFormat.LooksLike(span))
        {
            return WeightsFormat.Safetensors;
        }

        return TorchSharpFormat.LooksLike(file) ? WeightsFormat.TorchSharp : null;
    }

    public static string Describe(WeightsFormat format) => format switch
    {
        WeightsFormat.PyTorchZip => "PyTorch zip format",
        WeightsFormat.PyTorchLegacy => "PyTorch legacy format",
        WeightsFormat.Safetensors => "safetensors",
        _ => "TorchSharp format",
    };

    private static bool IsLegacyTorchSave(ReadOnlySpan<byte> file)
    {
        // PROTO 2..5, an optional FRAME (protocol 4+), then the magic number.
        if (file.Length < 2 || file[0] != 0x80 || file[1] < 2 || file[1] > 5)
        {
            return false;
        }

        var rest = file[2..];
        if (rest.Length > 9 && rest[0] == 0x95)
        {
            rest = rest[9..];
        }

        return rest.StartsWith(LegacyMagic);
    }

    private static byte[] ReadAllBytes(string fullPath)
    {
        if (Directory.Exists(fullPath))
        {
            throw new WeightsFileException(fullPath, $"Weights path '{fullPath}' is a directory, not a file.");
        }

        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"Weights file '{fullPath}' does not exist.", fullPath);
        }

        try
        {
            return File.ReadAllBytes(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new WeightsFileException(fullPath, $"Weights file '{fullPath}' cannot be read: {e.Message}", e);
        }
    }
}
