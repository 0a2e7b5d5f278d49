using System;

namespace TorchTraining;

/// <summary>
/// The training loss became NaN or infinite. Training stopped before that step's update; the checkpoints written so far
/// are untouched, so the last good state is the last checkpoint.
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception with a message only.</summary>
    public TrainingDivergedException()
        : this("The training loss became NaN or infinite.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public TrainingDivergedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public TrainingDivergedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    private TrainingDivergedException(string message, int epoch, int step, double loss, string? lastCheckpoint)
        : base(message)
    {
        Epoch = epoch;
        Step = step;
        Loss = loss;
        LastCheckpoint = lastCheckpoint;
    }

    /// <summary>The epoch (0-based).</summary>
    public int Epoch { get; }

    /// <summary>The step within the epoch (0-based).</summary>
    public int Step { get; }

    /// <summary>The loss value (NaN or an infinity).</summary>
    public double Loss { get; }

    /// <summary>The last checkpoint written before, if any.</summary>
    public string? LastCheckpoint { get; }

    internal static TrainingDivergedException At(int epoch, int step, int stepsPerEpoch, double loss, string? lastCheckpoint)
    {
        var kept = lastCheckpoint is null ? "no checkpoint had been written" : $"the last good checkpoint is '{lastCheckpoint}'";
        return new TrainingDivergedException(
            $"The training loss became {OptionGuard.Format(loss)} at epoch {epoch}, step {step} (0-based, of {stepsPerEpoch} steps); training stopped before that update, and {kept}. Try a smaller learning rate or gradient clipping.",
            epoch, step, loss, lastCheckpoint);
    }
}
