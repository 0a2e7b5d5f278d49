using System;
using TorchImaging;

namespace TorchTraining.Transforms;

/// <summary>
/// torchvision 0.14's <c>RandomCrop(size, padding, pad_if_needed, fill)</c> with constant padding on PIL images: pad
/// every side by <see cref="Padding"/> pixels of value <see cref="Fill"/>, with <see cref="PadIfNeeded"/> also pad
/// each side of a dimension still smaller than the crop by the shortfall, then cut a size × size square at a uniformly
/// drawn position (no draw when the padded image is exactly that size).
/// </summary>
public sealed class RandomCrop : IImageTransform
{
    /// <summary>Creates the transform.</summary>
    /// <param name="size">The side of the square output.</param>
    /// <param name="padding">Pixels added on every side before cropping (0 for none).</param>
    /// <param name="fill">The value of the padding pixels, on every channel.</param>
    /// <param name="padIfNeeded">Pad images smaller than the crop instead of failing.</param>
    /// <exception cref="ArgumentOutOfRangeException">The size is not positive or the padding is negative.</exception>
    public RandomCrop(int size, int padding = 0, byte fill = 0, bool padIfNeeded = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        Size = size;
        Padding = padding;
        Fill = fill;
        PadIfNeeded = padIfNeeded;
    }

    /// <summary>The side of the square output.</summary>
    public int Size { get; }

    /// <summary>Pixels added on every side before cropping.</summary>
    public int Padding { get; }

    /// <summary>The value of the padding pixels.</summary>
    public byte Fill { get; }

    /// <summary>Whether images smaller than the crop are padded instead of rejected.</summary>
    public bool PadIfNeeded { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The (padded) image is smaller than the crop and <see cref="PadIfNeeded"/> is false.</exception>
    public ByteImage Apply(ByteImage image, IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(image);
        var (left, top) = (Padding, Padding);
        var (width, height) = (image.Width + (2 * Padding), image.Height + (2 * Padding));
        if (PadIfNeeded && width < Size)
        {
            left += Size - width;
            width += 2 * (Size - width);
        }

        if (PadIfNeeded && height < Size)
        {
            top += Size - height;
            height += 2 * (Size - height);
        }

        var box = SampleBox(width, height, Size, random);
        return ImageGeometry.Crop(image, box.Top - top, box.Left - left, box.Height, box.Width, Fill);
    }

    /// <summary>torchvision's <c>RandomCrop.get_params</c>, draw for draw.</summary>
    internal static CropBox SampleBox(int width, int height, int size, IRandomSource random)
    {
        if (height < size || width < size)
        {
            throw new ArgumentException($"RandomCrop of {size}×{size} is larger than the (padded) image, {width}×{height}; use padIfNeeded or a smaller crop.");
        }

        if (width == size && height == size)
        {
            return new CropBox(0, 0, height, width);
        }

        var top = random.UniformInteger(0, height - size + 1);
        var left = random.UniformInteger(0, width - size + 1);
        return new CropBox(top, left, size, size);
    }
}
