namespace TorchTraining.Step;

/// <summary>The main learning-rate schedule after the warm-up (torchvision's <c>--lr-scheduler</c>).</summary>
public enum LearningRateDecay
{
    /// <summary>Cosine annealing to <see cref="ScheduleSettings.MinLearningRate"/> at the end of training (PyTorch's CosineAnnealingLR).</summary>
    Cosine,

    /// <summary>Multiplied by <see cref="ScheduleSettings.Gamma"/> every <see cref="ScheduleSettings.StepSize"/> epochs (PyTorch's StepLR).</summary>
    Step,
}
