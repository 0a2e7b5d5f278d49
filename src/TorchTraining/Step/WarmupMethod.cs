namespace TorchTraining.Step;

/// <summary>How the learning rate rises during the warm-up epochs (torchvision's <c>--lr-warmup-method</c>).</summary>
public enum WarmupMethod
{
    /// <summary>Linearly from <see cref="ScheduleSettings.WarmupDecay"/> times the base rate to the base rate (PyTorch's LinearLR).</summary>
    Linear,

    /// <summary><see cref="ScheduleSettings.WarmupDecay"/> times the base rate throughout the warm-up (PyTorch's ConstantLR).</summary>
    Constant,
}
