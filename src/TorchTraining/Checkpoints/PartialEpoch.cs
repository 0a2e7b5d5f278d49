namespace TorchTraining.Checkpoints;

/// <summary>The sums of an epoch in progress, so that a resumed epoch ends with the same record as an uninterrupted one.</summary>
internal sealed class PartialEpoch
{
    public double LossSum { get; set; }

    public long Images { get; set; }

    public long Correct { get; set; }

    public double TrainSeconds { get; set; }

    public double LearningRate { get; set; }
}
