namespace TorchTraining.Transforms;

/// <summary>A transform of float images after <see cref="ToTensor"/> (torchvision's transforms on tensors):
/// normalisation, random erasing. It changes the values in place.</summary>
/// <remarks>Implementations must be thread-safe: the loader's workers share one instance.</remarks>
public interface ITensorTransform
{
    /// <summary>Transforms one image in place.</summary>
    /// <param name="image">The image's values, channel by channel.</param>
    /// <param name="random">The sample's random draws (ignored by deterministic transforms).</param>
    void Apply(FloatImage image, IRandomSource random);
}
