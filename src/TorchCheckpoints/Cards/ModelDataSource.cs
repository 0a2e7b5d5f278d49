namespace TorchCheckpoints;

/// <summary>The data a model was trained and tested on, as its card records it.</summary>
public sealed record ModelDataSource
{
    /// <summary>What the data is: for example <c>idx</c> (MNIST-layout files), <c>image-folder</c> or <c>imagenet-1k</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>Where it was read from (a folder, or a URL for published weights); null when unknown.</summary>
    public string? Path { get; init; }

    /// <summary>The number of training images; null when unknown.</summary>
    public int? TrainImages { get; init; }

    /// <summary>The number of test images; null when unknown.</summary>
    public int? TestImages { get; init; }

    /// <summary>Where the test images come from, for example <c>t10k</c>, <c>val/</c> or <c>validation split</c>; null when unknown.</summary>
    public string? TestSplit { get; init; }

    /// <summary>For a folder split into training and test images at random: the test fraction; otherwise null.</summary>
    public double? ValidationFraction { get; init; }

    /// <summary>For a folder split at random: the split's seed, so that the same test images can be taken again; otherwise null.</summary>
    public int? SplitSeed { get; init; }
}
