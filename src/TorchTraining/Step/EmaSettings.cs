using System;

namespace TorchTraining.Step;

/// <summary>
/// An exponential moving average of the weights, as torchvision's train.py keeps it (<c>--model-ema</c>,
/// <c>--model-ema-steps</c>, <c>--model-ema-decay</c>): updated every <see cref="Steps"/> steps with a decay adjusted
/// for the batch size, the update interval and the number of epochs, restarted from the current weights throughout
/// the warm-up, and evaluated after every epoch.
/// </summary>
/// <param name="BatchSize">The images per batch of the training source (train.py's <c>--batch-size</c>): part of the decay adjustment.</param>
public sealed record EmaSettings(int BatchSize)
{
    /// <summary>The decay before adjustment; default 0.99998 (train.py's default).</summary>
    public double Decay { get; init; } = 0.99998;

    /// <summary>Steps between two updates (the first step of every epoch updates, then every <see cref="Steps"/>-th); default 32.</summary>
    public int Steps { get; init; } = 32;

    /// <summary>
    /// The decay actually used, as train.py computes it: <c>1 - min(1, (1 - Decay) * BatchSize * Steps / epochs)</c>
    /// (one process, so its world size is 1).
    /// </summary>
    public double AdjustedDecay(int epochs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        return 1.0 - Math.Min(1.0, (1.0 - Decay) * ((double)BatchSize * Steps / epochs));
    }

    internal void Validate()
    {
        OptionGuard.Require(BatchSize >= 1, "Ema.BatchSize", "1 or more", BatchSize);
        OptionGuard.Require(Decay >= 0 && Decay < 1, "Ema.Decay", "in [0, 1)", Decay);
        OptionGuard.Require(Steps >= 1, "Ema.Steps", "1 or more", Steps);
    }
}
