using System;
using System.Collections.Generic;
using System.Linq;
using TorchCheckpoints.Hub;

namespace ShuffleNet.Torch.Classifier;

/// <summary>
/// Values that replace parts of a classifier's evaluation transform (the card's, or the default one): the resize, the
/// centre crop, the normalisation. Null members keep the transform's value. The messages of the checks name the
/// members (<c>Resize</c>, <c>Crop</c>, <c>Mean</c>, <c>Std</c>).
/// </summary>
public sealed record TransformOverrides
{
    /// <summary>The shorter side's size after resizing, instead of the transform's.</summary>
    public int? Resize { get; init; }

    /// <summary>The centre crop, instead of the transform's.</summary>
    public ImageSize? Crop { get; init; }

    /// <summary>The normalisation means, one per channel, instead of the transform's.</summary>
    public IReadOnlyList<float>? Mean { get; init; }

    /// <summary>The normalisation standard deviations, one per channel, instead of the transform's.</summary>
    public IReadOnlyList<float>? Std { get; init; }

    /// <summary>Whether nothing is replaced.</summary>
    public bool IsEmpty => Resize is null && Crop is null && Mean is null && Std is null;

    /// <summary>The replaced parts in words, e.g. "Resize and Crop"; empty when nothing is replaced.</summary>
    public string Given => Join(new (string Name, bool Given)[] { ("Resize", Resize is not null), ("Crop", Crop is not null), ("Mean", Mean is not null), ("Std", Std is not null) }
        .Where(p => p.Given).Select(p => p.Name).ToList());

    /// <summary>
    /// The transform these values make on their own, for a model that records none: the crop, no resize unless
    /// <see cref="Resize"/> is given, the normalisation; null unless <see cref="Crop"/>, <see cref="Mean"/> and
    /// <see cref="Std"/> are all given.
    /// </summary>
    /// <returns>The transform, or null.</returns>
    /// <exception cref="ArgumentException">The values do not make a transform (a resize smaller than the crop, means and stds of different lengths).</exception>
    public ImageClassificationTransform? ToTransform()
    {
        if (Crop is not { } crop || Mean is null || Std is null)
        {
            return null;
        }

        CheckResizeAgainstCrop();
        return new ImageClassificationTransform(crop.Height, crop.Width, Resize, Mean, Std);
    }

    /// <summary>Refuses a <see cref="Resize"/> smaller than a <see cref="Crop"/> given with it: a check that needs no transform.</summary>
    /// <exception cref="ArgumentException">The crop does not fit inside the resized image.</exception>
    public void CheckResizeAgainstCrop()
    {
        if (Resize is { } resize && Crop is { } crop && resize < Math.Max(crop.Height, crop.Width))
        {
            throw new ArgumentException($"Resize {resize} is smaller than Crop {crop}: the centre crop must fit inside the resized image.");
        }
    }

    /// <summary>The transform with these values in place of its own.</summary>
    /// <param name="transform">The transform to change.</param>
    /// <param name="name">The transform in a message, e.g. "the model card's transform".</param>
    /// <returns>The changed transform (the same one when nothing is replaced).</returns>
    /// <exception cref="ArgumentException">The crop does not fit inside the resized image (the message names the values and <paramref name="name"/>), or the normalisation does not fit.</exception>
    public ImageClassificationTransform ApplyTo(ImageClassificationTransform transform, string name)
    {
        ArgumentNullException.ThrowIfNull(transform);
        if (IsEmpty)
        {
            return transform;
        }

        CheckResizeAgainstCrop();
        var crop = Crop ?? new ImageSize(transform.CropHeight, transform.CropWidth);
        var side = Math.Max(crop.Height, crop.Width);
        if ((Resize ?? transform.ResizeSize) is { } resize && resize < side)
        {
            throw new ArgumentException(Resize is not null
                ? $"Resize {resize} is smaller than {name}'s crop {crop}: give Crop {resize} or less, or a larger Resize."
                : $"Crop {crop} is larger than {name}'s resize {resize}: give Resize {side} or more, or a smaller Crop.");
        }

        var changed = new ImageClassificationTransform(crop.Height, crop.Width, Resize ?? transform.ResizeSize, transform.Mean, transform.Std, transform.Interpolation);
        return Mean is null && Std is null ? changed : changed.WithNormalization(Mean ?? transform.Mean, Std ?? transform.Std);
    }

    private static string Join(List<string> names) =>
        names.Count <= 1 ? string.Concat(names) : string.Join(", ", names.Take(names.Count - 1)) + " and " + names[^1];
}
