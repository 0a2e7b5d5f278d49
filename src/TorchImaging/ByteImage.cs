using System;

namespace TorchImaging;

/// <summary>
/// An 8-bit image: rows top to bottom, pixels interleaved (height × width × channels), with 1 channel (grey, PIL's
/// mode "L") or 3 (R, G, B, PIL's mode "RGB").
/// </summary>
/// <remarks>
/// The image wraps its pixel array without copying it. The transforms here never change an image they are given: they
/// return a new one (or the same one when there is nothing to do).
/// </remarks>
public sealed class ByteImage
{
    /// <summary>Wraps interleaved pixels (the array is used as is, not copied).</summary>
    /// <param name="width">Pixels per row (at least 1).</param>
    /// <param name="height">Rows (at least 1).</param>
    /// <param name="channels">1 (grey) or 3 (RGB).</param>
    /// <param name="pixels">width × height × channels bytes, row by row, channels interleaved.</param>
    /// <exception cref="ArgumentException">A size is not positive, the channel count is not 1 or 3, or the array has the wrong length.</exception>
    public ByteImage(int width, int height, int channels, byte[] pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        CheckShape(width, height, channels);
        if (pixels.LongLength != (long)width * height * channels)
        {
            throw new ArgumentException($"A {width}×{height} image with {channels} channel(s) needs {(long)width * height * channels} bytes, got {pixels.LongLength}.", nameof(pixels));
        }

        Width = width;
        Height = height;
        Channels = channels;
        Pixels = pixels;
    }

    /// <summary>Creates a black image (every byte 0).</summary>
    /// <param name="width">Pixels per row (at least 1).</param>
    /// <param name="height">Rows (at least 1).</param>
    /// <param name="channels">1 (grey) or 3 (RGB).</param>
    /// <exception cref="ArgumentException">A size is not positive or the channel count is not 1 or 3.</exception>
    public ByteImage(int width, int height, int channels)
        : this(width, height, channels, new byte[CheckShape(width, height, channels)])
    {
    }

    /// <summary>Pixels per row.</summary>
    public int Width { get; }

    /// <summary>Rows.</summary>
    public int Height { get; }

    /// <summary>1 (grey) or 3 (R, G, B).</summary>
    public int Channels { get; }

    /// <summary>The pixels, row by row, channels interleaved: the byte of channel c at (x, y) is at ((y × Width) + x) × Channels + c.</summary>
    public byte[] Pixels { get; }

    /// <summary>Bytes per row (Width × Channels).</summary>
    public int RowLength => Width * Channels;

    /// <inheritdoc />
    public override string ToString() => $"{Width}×{Height}×{Channels}";

    private static long CheckShape(int width, int height, int channels)
    {
        if (width <= 0 || height <= 0)
        {
            throw new ArgumentException($"An image needs a positive width and height, got {width}×{height}.", nameof(width));
        }

        if (channels is not (1 or 3))
        {
            throw new ArgumentException($"An image has 1 (grey) or 3 (RGB) channels, got {channels}.", nameof(channels));
        }

        var length = (long)width * height * channels;
        if (length > Array.MaxLength)
        {
            throw new ArgumentException($"A {width}×{height} image with {channels} channel(s) is too large for one array ({length} bytes).", nameof(width));
        }

        return length;
    }
}
