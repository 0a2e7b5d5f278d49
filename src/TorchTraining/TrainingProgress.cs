using System;

namespace TorchTraining;

/// <summary>Where training is after a step, for a progress display.</summary>
/// <param name="Epoch">The epoch (0-based).</param>
/// <param name="Epochs">The epochs of the run.</param>
/// <param name="StepsDone">Steps done in this epoch (1 after its first step).</param>
/// <param name="StepsPerEpoch">Steps in an epoch.</param>
/// <param name="ImagesDone">Images trained on in this epoch so far.</param>
/// <param name="ImagesPerEpoch">Images in an epoch.</param>
/// <param name="Loss">This step's loss.</param>
/// <param name="RunningLoss">The mean loss per image of the epoch so far.</param>
/// <param name="LearningRate">The learning rate of the first parameter group in this step.</param>
/// <param name="Elapsed">Training time of this epoch so far (steps only; including earlier runs of a resumed epoch).</param>
public readonly record struct TrainingProgress(
    int Epoch, int Epochs, int StepsDone, int StepsPerEpoch, long ImagesDone, long ImagesPerEpoch, double Loss, double RunningLoss, double LearningRate, TimeSpan Elapsed)
{
    /// <summary>Images per second in this epoch so far.</summary>
    public double ImagesPerSecond => Elapsed > TimeSpan.Zero ? ImagesDone / Elapsed.TotalSeconds : 0;

    /// <summary>The estimated training time left in this epoch, at the epoch's pace so far.</summary>
    public TimeSpan EpochRemaining => StepsDone > 0 ? Elapsed / StepsDone * (StepsPerEpoch - StepsDone) : TimeSpan.Zero;
}
