using System;
using TorchImaging;

namespace TorchTraining.Transforms;

/// <summary>torchvision 0.14's <c>RandomHorizontalFlip(p)</c>: mirrors the image left to right when a uniform draw in [0, 1) is below p (one draw per image).</summary>
public sealed class RandomHorizontalFlip : IImageTransform
{
    /// <summary>Creates the transform.</summary>
    /// <param name="probability">The probability of a flip, 0 to 1 (torchvision's p; default 0.5).</param>
    /// <exception cref="ArgumentOutOfRangeException">The probability is outside [0, 1].</exception>
    public RandomHorizontalFlip(double probability = 0.5)
    {
        if (!(probability >= 0 && probability <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "A probability is between 0 and 1.");
        }

        Probability = probability;
    }

    /// <summary>The probability of a flip.</summary>
    public double Probability { get; }

    /// <inheritdoc />
    public ByteImage Apply(ByteImage image, IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(random);

        // torch.rand(1) < p compares in float32.
        return random.Uniform(0f, 1f) < (float)Probability ? ImageGeometry.FlipHorizontally(image) : image;
    }
}
