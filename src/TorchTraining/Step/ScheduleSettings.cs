namespace TorchTraining.Step;

/// <summary>
/// The learning-rate schedule, as torchvision's train.py builds it: an optional warm-up (<c>--lr-warmup-epochs</c>,
/// <c>--lr-warmup-method</c>, <c>--lr-warmup-decay</c>) followed by cosine or step decay (<c>--lr-scheduler</c>,
/// <c>--lr-min</c>, <c>--lr-step-size</c>, <c>--lr-gamma</c>). Lengths are in epochs; the schedule advances once per
/// epoch, as train.py does, or after every step.
/// </summary>
public sealed record ScheduleSettings
{
    /// <summary>Cosine (the default) or step decay after the warm-up.</summary>
    public LearningRateDecay Decay { get; init; } = LearningRateDecay.Cosine;

    /// <summary>Warm-up epochs; default 0 (none).</summary>
    public int WarmupEpochs { get; init; }

    /// <summary>Linear (the default) or constant warm-up.</summary>
    public WarmupMethod WarmupMethod { get; init; } = WarmupMethod.Linear;

    /// <summary>The warm-up's starting factor (linear) or factor (constant) of the base rate; default 0.01.</summary>
    public double WarmupDecay { get; init; } = 0.01;

    /// <summary>The learning rate cosine decay ends at (an absolute rate, the same for every parameter group); default 0.</summary>
    public double MinLearningRate { get; init; }

    /// <summary>Epochs between two step decays; default 30.</summary>
    public int StepSize { get; init; } = 30;

    /// <summary>The factor of each step decay; default 0.1.</summary>
    public double Gamma { get; init; } = 0.1;

    /// <summary>
    /// Whether the learning rate changes after every step instead of once per epoch (all lengths are then counted in
    /// steps: epochs times steps per epoch); default false, as train.py.
    /// </summary>
    public bool PerIteration { get; init; }

    internal void Validate(int epochs)
    {
        OptionGuard.Require(WarmupEpochs >= 0, "Schedule.WarmupEpochs", "0 or more", WarmupEpochs);
        OptionGuard.Require(Decay != LearningRateDecay.Cosine || WarmupEpochs < epochs, "Schedule.WarmupEpochs", $"below Epochs ({epochs}) for cosine decay", WarmupEpochs);
        OptionGuard.Require(double.IsFinite(WarmupDecay) && WarmupDecay > 0 && WarmupDecay <= 1, "Schedule.WarmupDecay", "in (0, 1]", WarmupDecay);
        OptionGuard.RequireFinite(MinLearningRate, 0, "Schedule.MinLearningRate");
        OptionGuard.Require(StepSize >= 1, "Schedule.StepSize", "1 or more", StepSize);
        OptionGuard.Require(double.IsFinite(Gamma) && Gamma > 0, "Schedule.Gamma", "a positive finite number", Gamma);
    }
}
