namespace ShuffleNet.Torch.Classifier;

/// <summary>How <c>ShuffleNetV2Classifier.Evaluate</c> reads the data.</summary>
public sealed record EvaluationOptions
{
    /// <summary>Images per batch; default 256.</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>Background threads that decode and transform images; default 2.</summary>
    public int Workers { get; init; } = 2;

    /// <summary>For an image folder split by fraction: the test fraction; null (default) for the card's, else 0.2.</summary>
    public double? ValidationFraction { get; init; }

    /// <summary>For an image folder split by fraction: the split's seed; null (default) for the card's, else 0.</summary>
    public int? SplitSeed { get; init; }
}
