using TorchImaging;

namespace TorchTraining.Transforms;

/// <summary>A transform of 8-bit images (torchvision's transforms on PIL images): crops, flips, resizes.</summary>
/// <remarks>Implementations must be thread-safe (the loader's workers share one instance) and must not change the
/// image they receive: they return a new one, or the same one when there is nothing to do.</remarks>
public interface IImageTransform
{
    /// <summary>Transforms one image.</summary>
    /// <param name="image">The image (1 or 3 channels).</param>
    /// <param name="random">The sample's random draws (ignored by deterministic transforms).</param>
    ByteImage Apply(ByteImage image, IRandomSource random);
}
