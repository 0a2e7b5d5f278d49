using System;

namespace TorchTraining.Transforms;

/// <summary>
/// torchvision 0.14's <c>RandomErasing(p, scale, ratio, value)</c> on a (normalised) tensor image: with probability p,
/// up to 10 attempts to draw a rectangle of random area (fraction of the image's, uniform in <see cref="Scale"/>) and
/// aspect ratio (log-uniform in <see cref="Ratio"/>) strictly smaller than the image; the first that fits is set to
/// <see cref="Value"/>, or to standard normal noise when <see cref="Value"/> is null (torchvision's "random"); if none
/// fits the image is unchanged.
/// </summary>
public sealed class RandomErasing : ITensorTransform
{
    private const int Attempts = 10;

    /// <summary>Creates the transform (torchvision's defaults).</summary>
    /// <param name="probability">The probability of erasing, 0 to 1 (torchvision's p; default 0.5).</param>
    /// <param name="scale">The range of the erased area as a fraction of the image's; null for (0.02, 0.33).</param>
    /// <param name="ratio">The range of the erased rectangle's height / width; null for (0.3, 3.3).</param>
    /// <param name="value">The value written on every channel (default 0), or null for standard normal noise per value.</param>
    /// <exception cref="ArgumentException">The probability or scale is outside [0, 1], a range is reversed, or the ratio is not positive.</exception>
    public RandomErasing(double probability = 0.5, (double Min, double Max)? scale = null, (double Min, double Max)? ratio = null, float? value = 0f)
    {
        if (!(probability >= 0 && probability <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "A probability is between 0 and 1.");
        }

        Probability = probability;
        Scale = RandomResizedCrop.CheckRange(scale ?? (0.02, 0.33), nameof(scale), zeroAllowed: true);
        if (Scale.Max > 1)
        {
            throw new ArgumentException($"The erased scale is at most 1, got ({Scale.Min}, {Scale.Max}).", nameof(scale));
        }

        Ratio = RandomResizedCrop.CheckRange(ratio ?? (0.3, 3.3), nameof(ratio), zeroAllowed: false);
        Value = value;
    }

    /// <summary>The probability of erasing.</summary>
    public double Probability { get; }

    /// <summary>The range of the erased area as a fraction of the image's.</summary>
    public (double Min, double Max) Scale { get; }

    /// <summary>The range of the erased rectangle's aspect ratio (height / width).</summary>
    public (double Min, double Max) Ratio { get; }

    /// <summary>The value written, or null for standard normal noise.</summary>
    public float? Value { get; }

    /// <inheritdoc />
    public void Apply(FloatImage image, IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (!(random.Uniform(0f, 1f) < (float)Probability))
        {
            return;
        }

        if (SampleBox(image.Channels, image.Height, image.Width, Scale, Ratio, Value is null, random) is var (box, noise))
        {
            Erase(image, box, Value ?? 0f, noise);
        }
    }

    /// <summary>torchvision's <c>RandomErasing.get_params</c>, draw for draw: the box and, for random values, the noise
    /// ([channels, h, w]); null when no attempt fits.</summary>
    internal static (CropBox Box, float[]? Noise)? SampleBox(int channels, int height, int width, (double Min, double Max) scale, (double Min, double Max) ratio, bool randomValues, IRandomSource random)
    {
        var area = (double)height * width;
        var logLow = MathF.Log((float)ratio.Min);
        var logHigh = MathF.Log((float)ratio.Max);
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var eraseArea = area * random.Uniform((float)scale.Min, (float)scale.Max);
            double aspectRatio = MathF.Exp(random.Uniform(logLow, logHigh));
            var h = RandomResizedCrop.RoundHalfEven(Math.Sqrt(eraseArea * aspectRatio));
            var w = RandomResizedCrop.RoundHalfEven(Math.Sqrt(eraseArea / aspectRatio));
            if (!(h < height && w < width))
            {
                continue;
            }

            // torchvision draws the noise before the position.
            var noise = randomValues ? DrawNoise(channels * h * w, random) : null;
            var top = random.UniformInteger(0, height - h + 1);
            var left = random.UniformInteger(0, width - w + 1);
            return (new CropBox(top, left, h, w), noise);
        }

        return null;
    }

    private static float[] DrawNoise(int count, IRandomSource random)
    {
        var noise = new float[count];
        for (var i = 0; i < count; i++)
        {
            noise[i] = random.Normal();
        }

        return noise;
    }

    /// <summary>torchvision's <c>F.erase</c>: the box set to <paramref name="value"/>, or to <paramref name="noise"/> ([channels, h, w]) when given.</summary>
    internal static void Erase(FloatImage image, CropBox box, float value, float[]? noise)
    {
        var next = 0;
        for (var c = 0; c < image.Channels; c++)
        {
            var plane = image.Plane(c);
            for (var y = box.Top; y < box.Top + box.Height; y++)
            {
                var row = plane.Slice((y * image.Width) + box.Left, box.Width);
                if (noise is null)
                {
                    row.Fill(value);
                }
                else
                {
                    noise.AsSpan(next, box.Width).CopyTo(row);
                    next += box.Width;
                }
            }
        }
    }
}
