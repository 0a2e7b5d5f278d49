using System;
using System.IO;

namespace TorchCheckpoints;

/// <summary>Reads a state-dict file of any supported format, recognised from its bytes, into a <see cref="Checkpoint"/>.</summary>
public static class CheckpointReader
{
    private static readonly byte[] ZipSignature = [0x50, 0x4b, 0x03, 0x04];
    private static readonly byte[] EmptyZipSignature = [0x50, 0x4b, 0x05, 0x06];

    // LONG1 with 10 bytes: the pickled magic number 0x1950a86a20f9469cfc6c that opens every legacy torch.save file.
    private static readonly byte[] LegacyMagic = [0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19];

    /// <summary>Reads and parses a whole file. Its tensors are created in the dispose scope open at the call.</summary>
    /// <param name="path">The file.</param>
    /// <param name="verifyHashFromFileName">
    /// Check the file's SHA-256 against the prefix in its name (torch.hub's <c>name-&lt;hex&gt;.ext</c>), when it has one.
    /// </param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="CheckpointFileException">
    /// The file is a directory, unreadable, empty, truncated, damaged, not a state dict, or fails its hash check; the
    /// message names it.
    /// </exception>
    public static Checkpoint Read(string path, bool verifyHashFromFileName = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = Path.GetFullPath(path);
        var file = ReadAllBytes(fullPath);
        if (file.Length == 0)
        {
            throw new CheckpointFileException(fullPath, $"Weights file '{fullPath}' is empty (0 bytes): not a checkpoint.");
        }

        var hashVerified = verifyHashFromFileName && Sha256FileName.Verify(fullPath, file);
        var format = DetectFormat(file) ?? throw new CheckpointFileException(fullPath,
            $"Weights file '{fullPath}' is not a checkpoint: its first bytes ({Convert.ToHexString(file.AsSpan(0, Math.Min(16, file.Length)))}) " +
            "match none of the formats read here (PyTorch zip, PyTorch legacy, safetensors, TorchSharp).");
        var checkpoint = Parse(fullPath, file, format);
        checkpoint.HashVerified = hashVerified;
        return checkpoint;
    }

    /// <summary>
    /// Reads a state dict of a known format from the rest of a stream, e.g. an entry of a larger archive. Its tensors are
    /// created in the dispose scope open at the call.
    /// </summary>
    /// <param name="stream">The state dict's bytes, read to the end.</param>
    /// <param name="format">The format: a stream has no file name or size to tell it by (TorchSharp's format has no magic number).</param>
    /// <param name="name">What the stream is, for messages and <see cref="Checkpoint.Path"/>, e.g. "run.ckpt (model.bin)".</param>
    /// <exception cref="CheckpointFileException">The bytes are truncated, damaged or not a state dict in that format; the message names the stream.</exception>
    public static Checkpoint Read(Stream stream, CheckpointFormat format, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Parse(name, buffer.ToArray(), format);
    }

    /// <summary>The format a file's bytes start like, or null when they match none.</summary>
    /// <param name="file">The whole file.</param>
    public static CheckpointFormat? DetectFormat(byte[] file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var span = file.AsSpan();
        if (span.StartsWith(ZipSignature) || span.StartsWith(EmptyZipSignature))
        {
            return CheckpointFormat.PyTorchZip;
        }

        if (IsLegacyTorchSave(span))
        {
            return CheckpointFormat.PyTorchLegacy;
        }

        if (SafetensorsFormat.LooksLike(span))
        {
            return CheckpointFormat.Safetensors;
        }

        return TorchSharpFormat.LooksLike(file) ? CheckpointFormat.TorchSharp : null;
    }

    /// <summary>A format's name as messages use it, e.g. "PyTorch zip format".</summary>
    /// <param name="format">The format.</param>
    public static string Describe(CheckpointFormat format) => format switch
    {
        CheckpointFormat.PyTorchZip => "PyTorch zip format",
        CheckpointFormat.PyTorchLegacy => "PyTorch legacy format",
        CheckpointFormat.Safetensors => "safetensors",
        _ => "TorchSharp format",
    };

    private static Checkpoint Parse(string name, byte[] file, CheckpointFormat format)
    {
        try
        {
            return format switch
            {
                CheckpointFormat.PyTorchZip => PyTorchZipReader.Read(name, file),
                CheckpointFormat.PyTorchLegacy => PyTorchLegacyReader.Read(name, file),
                CheckpointFormat.Safetensors => SafetensorsFormat.Read(name, file),
                CheckpointFormat.TorchSharp => TorchSharpFormat.Read(name, file),
                _ => throw new ArgumentOutOfRangeException(nameof(format), format, $"Unknown checkpoint format {format}."),
            };
        }
        catch (EndOfStreamException e)
        {
            throw new CheckpointFileException(name, $"Weights file '{name}' ({Describe(format)}, {file.Length} bytes) is truncated: {e.Message}", e);
        }
        catch (Exception e) when (e is InvalidDataException or OverflowException)
        {
            throw new CheckpointFileException(name, $"Weights file '{name}' ({Describe(format)}) is damaged or not a state dict: {e.Message}", e);
        }
    }

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
            throw new CheckpointFileException(fullPath, $"Weights path '{fullPath}' is a directory, not a file.");
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
            throw new CheckpointFileException(fullPath, $"Weights file '{fullPath}' cannot be read: {e.Message}", e);
        }
    }
}
