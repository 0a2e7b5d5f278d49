using System;
using TorchImaging;

namespace TorchTraining.Transforms;

/// <summary>
/// torchvision 0.14's <c>RandomResizedCrop(size, scale, ratio)</c> on PIL images: a rectangle of random area (a fraction
/// of the image's, drawn uniformly from <see cref="Scale"/>) and aspect ratio (log-uniform in <see cref="Ratio"/>),
/// 10 attempts to fit it inside the image, else the centre crop of the ratio nearest the image's; then Pillow's
/// antialiased bilinear resize of that rectangle to size × size.
/// </summary>
public sealed class RandomResizedCrop : IImageTransform
{
    private const int Attempts = 10;

    /// <summary>Creates the transform (torchvision's defaults: scale (0.08, 1), ratio (3/4, 4/3)).</summary>
    /// <param name="size">The side of the square output.</param>
    /// <param name="scale">The range of the crop's area as a fraction of the image's; null for (0.08, 1).</param>
    /// <param name="ratio">The range of the crop's width / height; null for (3/4, 4/3).</param>
    /// <exception cref="ArgumentException">The size is not positive, a range is reversed, the scale is negative or the ratio not positive.</exception>
    public RandomResizedCrop(int size, (double Min, double Max)? scale = null, (double Min, double Max)? ratio = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        Size = size;
        Scale = CheckRange(scale ?? (0.08, 1.0), nameof(scale), zeroAllowed: true);
        Ratio = CheckRange(ratio ?? (3.0 / 4.0, 4.0 / 3.0), nameof(ratio), zeroAllowed: false);
    }

    /// <summary>The side of the square output.</summary>
    public int Size { get; }

    /// <summary>The range of the crop's area as a fraction of the image's.</summary>
    public (double Min, double Max) Scale { get; }

    /// <summary>The range of the crop's aspect ratio (width / height).</summary>
    public (double Min, double Max) Ratio { get; }

    /// <inheritdoc />
    public ByteImage Apply(ByteImage image, IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(image);
        var box = SampleBox(image.Width, image.Height, Scale, Ratio, random);
        return PilBilinearResize.ResizeCrop(image, box.Left, box.Top, box.Width, box.Height, Size, Size);
    }

    /// <summary>torchvision's <c>RandomResizedCrop.get_params</c>, draw for draw (float32 where torch computes in float32).</summary>
    internal static CropBox SampleBox(int width, int height, (double Min, double Max) scale, (double Min, double Max) ratio, IRandomSource random)
    {
        var area = (double)height * width;
        var logLow = MathF.Log((float)ratio.Min);
        var logHigh = MathF.Log((float)ratio.Max);
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var targetArea = area * random.Uniform((float)scale.Min, (float)scale.Max);
            double aspectRatio = MathF.Exp(random.Uniform(logLow, logHigh));
            var w = RoundHalfEven(Math.Sqrt(targetArea * aspectRatio));
            var h = RoundHalfEven(Math.Sqrt(targetArea / aspectRatio));
            if (w > 0 && w <= width && h > 0 && h <= height)
            {
                var top = random.UniformInteger(0, height - h + 1);
                var left = random.UniformInteger(0, width - w + 1);
                return new CropBox(top, left, h, w);
            }
        }

        var inRatio = (double)width / height;
        var (cropWidth, cropHeight) = inRatio < ratio.Min ? (width, RoundHalfEven(width / ratio.Min))
            : inRatio > ratio.Max ? (RoundHalfEven(height * ratio.Max), height)
            : (width, height);
        return new CropBox((height - cropHeight) / 2, (width - cropWidth) / 2, cropHeight, cropWidth);
    }

    // Python's round(): halves to even.
    internal static int RoundHalfEven(double value) => (int)Math.Round(value, MidpointRounding.ToEven);

    internal static (double Min, double Max) CheckRange((double Min, double Max) range, string name, bool zeroAllowed)
    {
        if (!((range.Min > 0 || (zeroAllowed && range.Min == 0)) && range.Min <= range.Max && double.IsFinite(range.Max)))
        {
            throw new ArgumentException($"The {name} range must be (min, max) with {(zeroAllowed ? "0 <=" : "0 <")} min <= max, got ({range.Min}, {range.Max}).", name);
        }

        return range;
    }
}
