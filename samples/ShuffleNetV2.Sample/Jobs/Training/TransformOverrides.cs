using TorchCheckpoints.Hub;

namespace ShuffleNet.Torch.Sample;

/// <summary>--size, --resize, --mean and --std of evaluate and quantize: the values that replace the model card's.</summary>
internal sealed record TransformOverrides(InputSize? Size, int? Resize, float[]? Mean, float[]? Std)
{
    public static TransformOverrides None { get; } = new(null, null, null, null);

    public bool Any => Size is not null || Resize is not null || Mean is not null || Std is not null;

    /// <summary>
    /// The transform the options make on their own (no resize without --resize), for a model that records none; null
    /// unless --size, --mean and --std are all given.
    /// </summary>
    /// <exception cref="UsageException">The values do not make a transform.</exception>
    public ImageClassificationTransform? Whole()
    {
        if (Size is not { } size || Mean is null || Std is null)
        {
            return null;
        }

        try
        {
            return new ImageClassificationTransform(size.Height, size.Width, Resize, Mean, Std);
        }
        catch (System.ArgumentException e)
        {
            throw new UsageException($"--size/--resize/--mean/--std: {e.Message.Split(" (Parameter", 2)[0]}");
        }
    }

    /// <summary>The recorded transform with the given values in place of the recorded ones.</summary>
    /// <exception cref="UsageException">The values do not make a transform (a resize smaller than the crop).</exception>
    public ImageClassificationTransform Apply(ImageClassificationTransform recorded)
    {
        try
        {
            var transform = recorded;
            if (Size is { } size)
            {
                transform = transform.WithCrop(size.Height, size.Width);
            }

            if (Resize is { } resize)
            {
                transform = transform.WithResize(resize);
            }

            return Mean is null && Std is null ? transform : transform.WithNormalization(Mean ?? [.. recorded.Mean], Std ?? [.. recorded.Std]);
        }
        catch (System.ArgumentException e)
        {
            throw new UsageException($"--size/--resize/--mean/--std: {e.Message.Split(" (Parameter", 2)[0]}");
        }
    }

    /// <summary>Where the transform used came from, in words: the card's origin (with the options' values), or the options alone for a model without a card.</summary>
    public string Source(string? cardOrigin) =>
        cardOrigin is null ? "the options" : Any ? $"{cardOrigin}, with the options' values" : cardOrigin;
}
