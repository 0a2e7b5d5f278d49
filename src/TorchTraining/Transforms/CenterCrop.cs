using System;
using TorchImaging;

namespace TorchTraining.Transforms;

/// <summary>
/// torchvision 0.14's <c>CenterCrop</c>: the centred height × width rectangle, its corner at
/// <c>int(round((size - crop) / 2))</c> (halves to even, as Python); an image smaller than the crop is first padded with
/// zeros, (crop - size) // 2 before and the rest after.
/// </summary>
public sealed class CenterCrop : IImageTransform
{
    /// <summary>Crops a size × size square.</summary>
    /// <param name="size">The side of the square.</param>
    /// <exception cref="ArgumentOutOfRangeException">The size is not positive.</exception>
    public CenterCrop(int size)
        : this(size, size)
    {
    }

    /// <summary>Crops a height × width rectangle.</summary>
    /// <param name="height">The crop's height.</param>
    /// <param name="width">The crop's width.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    public CenterCrop(int height, int width)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        Height = height;
        Width = width;
    }

    /// <summary>The crop's height.</summary>
    public int Height { get; }

    /// <summary>The crop's width.</summary>
    public int Width { get; }

    /// <inheritdoc />
    public ByteImage Apply(ByteImage image, IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(image);
        return ImageGeometry.Crop(image, Start(image.Height, Height), Start(image.Width, Width), Height, Width, fill: 0);
    }

    // The crop's first row or column in the image's coordinates (negative inside torchvision's zero padding, which
    // puts (crop - size) // 2 before and the rest after a side shorter than the crop).
    private static int Start(int size, int crop) => crop > size ? -((crop - size) / 2) : RandomResizedCrop.RoundHalfEven((size - crop) / 2.0);
}
