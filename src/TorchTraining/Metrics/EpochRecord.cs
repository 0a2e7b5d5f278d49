namespace TorchTraining.Metrics;

/// <summary>
/// One epoch of training, as metrics.csv and metrics.jsonl hold it. Losses are means per image; accuracies are
/// fractions in [0, 1]; the EMA values are null when no moving average is kept.
/// </summary>
public sealed record EpochRecord
{
    /// <summary>The epoch (0-based, as torchvision counts).</summary>
    public int Epoch { get; init; }

    /// <summary>The mean training loss of the epoch (with label smoothing).</summary>
    public double TrainLoss { get; init; }

    /// <summary>The training top-1 accuracy of the epoch, on the batches as the model saw them (train mode, weights changing).</summary>
    public double TrainTop1 { get; init; }

    /// <summary>The test loss after the epoch.</summary>
    public double TestLoss { get; init; }

    /// <summary>The test top-1 accuracy after the epoch.</summary>
    public double TestTop1 { get; init; }

    /// <summary>The test top-5 accuracy after the epoch (top-k with k the class count when below 5).</summary>
    public double TestTop5 { get; init; }

    /// <summary>The moving average's test loss, or null.</summary>
    public double? EmaTestLoss { get; init; }

    /// <summary>The moving average's test top-1 accuracy, or null.</summary>
    public double? EmaTestTop1 { get; init; }

    /// <summary>The moving average's test top-5 accuracy, or null.</summary>
    public double? EmaTestTop5 { get; init; }

    /// <summary>The learning rate of the first parameter group at the epoch's first step.</summary>
    public double LearningRate { get; init; }

    /// <summary>Training images per second (training steps only, without evaluation).</summary>
    public double ImagesPerSecond { get; init; }

    /// <summary>Seconds of training steps in the epoch (summed over runs when the epoch was resumed).</summary>
    public double TrainSeconds { get; init; }

    /// <summary>Seconds for training and evaluating the epoch (checkpoint writing excluded).</summary>
    public double Seconds { get; init; }
}
