using System;
using TorchImaging;

namespace TorchTraining.Datasets;

/// <summary>One sample of a dataset: an 8-bit image and its class index.</summary>
public readonly struct LabeledImage
{
    /// <summary>Pairs an image with its label.</summary>
    /// <param name="image">The image (1 or 3 channels).</param>
    /// <param name="label">The class index (0 or more).</param>
    public LabeledImage(ByteImage image, int label)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfNegative(label);
        Image = image;
        Label = label;
    }

    /// <summary>The image.</summary>
    public ByteImage Image { get; }

    /// <summary>The class index: an index into the dataset's <see cref="IImageDataset.Classes"/>.</summary>
    public int Label { get; }
}
