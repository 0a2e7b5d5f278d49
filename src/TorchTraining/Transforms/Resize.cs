using System;
using TorchImaging;

namespace TorchTraining.Transforms;

/// <summary>
/// torchvision 0.14's <c>Resize</c> on PIL images (bilinear, always antialiased): to a fixed height × width, or with one
/// size the shorter side to that size and the longer to <c>int(size × long / short)</c>. Pillow's arithmetic exactly.
/// </summary>
public sealed class Resize : IImageTransform
{
    /// <summary>Resizes the shorter side to <paramref name="size"/>, keeping the aspect ratio (torchvision's <c>Resize(size)</c>).</summary>
    /// <param name="size">The new length of the shorter side.</param>
    /// <exception cref="ArgumentOutOfRangeException">The size is not positive.</exception>
    public Resize(int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        ShorterSide = size;
    }

    /// <summary>Resizes to a fixed size (torchvision's <c>Resize((height, width))</c>).</summary>
    /// <param name="height">The new height.</param>
    /// <param name="width">The new width.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    public Resize(int height, int width)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        Height = height;
        Width = width;
    }

    /// <summary>The new length of the shorter side, or null for a fixed size.</summary>
    public int? ShorterSide { get; }

    /// <summary>The fixed new height, or null when the shorter side is given.</summary>
    public int? Height { get; }

    /// <summary>The fixed new width, or null when the shorter side is given.</summary>
    public int? Width { get; }

    /// <inheritdoc />
    public ByteImage Apply(ByteImage image, IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(image);
        var (width, height) = OutputSize(image.Width, image.Height);
        return PilBilinearResize.Resize(image, width, height);
    }

    /// <summary>torchvision 0.14's <c>_compute_resized_output_size</c> (without max_size).</summary>
    internal (int Width, int Height) OutputSize(int width, int height)
    {
        if (ShorterSide is not int size)
        {
            return (Width!.Value, Height!.Value);
        }

        var (shortSide, longSide) = width <= height ? (width, height) : (height, width);
        var newLong = (int)((double)size * longSide / shortSide);
        return width <= height ? (size, newLong) : (newLong, size);
    }
}
