using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;

namespace TorchTraining.Datasets;

/// <summary>
/// Reads IDX files (LeCun's MNIST format: a big-endian header, then unsigned bytes), gzipped or not: a gzip stream is
/// recognised by its magic bytes 1F 8B, not by the file name. Every error is one line naming the file.
/// </summary>
internal static class IdxFile
{
    private const int UnsignedByteImages = 0x00000803;
    private const int UnsignedByteLabels = 0x00000801;

    /// <summary>The images of a file: count × rows × columns bytes, starting at <see cref="IdxContent.Offset"/>.</summary>
    public static IdxContent ReadImages(string path)
    {
        var data = ReadAll(path);
        var (count, offset) = ReadHeader(path, data, UnsignedByteImages, "image", headerLength: 16);
        var rows = ReadDimension(path, data, 8, "rows");
        var columns = ReadDimension(path, data, 12, "columns");
        if (rows == 0 || columns == 0)
        {
            throw new InvalidDataException($"IDX image file '{path}' announces images of {rows}×{columns} pixels.");
        }

        CheckLength(path, data, offset, (long)count * rows * columns, $"{count} images of {rows}×{columns} pixels");
        return new IdxContent(data, offset, count, rows, columns);
    }

    /// <summary>The labels of a file: count bytes, starting at <see cref="IdxContent.Offset"/>.</summary>
    public static IdxContent ReadLabels(string path)
    {
        var data = ReadAll(path);
        var (count, offset) = ReadHeader(path, data, UnsignedByteLabels, "label", headerLength: 8);
        CheckLength(path, data, offset, count, $"{count} labels");
        return new IdxContent(data, offset, count, 1, 1);
    }

    private static (int Count, int Offset) ReadHeader(string path, byte[] data, int magic, string kind, int headerLength)
    {
        if (data.Length < headerLength)
        {
            throw new InvalidDataException($"IDX {kind} file '{path}' is truncated: {data.Length} bytes, shorter than its {headerLength}-byte header.");
        }

        var found = BinaryPrimitives.ReadInt32BigEndian(data);
        if (found != magic)
        {
            throw new InvalidDataException($"'{path}' is not an IDX {kind} file: magic number 0x{found:X8}, expected 0x{magic:X8}.");
        }

        return (ReadDimension(path, data, 4, "count"), headerLength);
    }

    private static int ReadDimension(string path, byte[] data, int at, string name)
    {
        var value = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(at));
        if (value < 0)
        {
            throw new InvalidDataException($"IDX file '{path}' has a negative {name} ({value}) in its header.");
        }

        return value;
    }

    private static void CheckLength(string path, byte[] data, int offset, long expected, string announced)
    {
        var actual = data.LongLength - offset;
        if (actual < expected)
        {
            throw new InvalidDataException($"IDX file '{path}' is truncated: its header announces {announced} ({expected:N0} bytes), it holds {actual:N0}.");
        }

        if (actual > expected)
        {
            throw new InvalidDataException($"IDX file '{path}' has {actual - expected:N0} bytes more than its header announces ({announced}).");
        }
    }

    private static byte[] ReadAll(string path)
    {
        var raw = File.ReadAllBytes(path);
        if (raw.Length < 2 || raw[0] != 0x1F || raw[1] != 0x8B)
        {
            return raw;
        }

        try
        {
            using var gzip = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
            using var output = new MemoryStream(raw.Length * 2);
            gzip.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"IDX file '{path}' is a damaged gzip stream: {e.Message}", e);
        }
    }
}

/// <summary>A whole IDX file in memory: its items start at <see cref="Offset"/>, each <see cref="Rows"/> × <see cref="Columns"/> bytes.</summary>
internal sealed record IdxContent(byte[] Data, int Offset, int Count, int Rows, int Columns);
