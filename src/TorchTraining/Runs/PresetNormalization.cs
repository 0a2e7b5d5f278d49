namespace TorchTraining.Runs;

/// <summary>Which mean and standard deviation a <see cref="TrainingPreset"/> normalises with.</summary>
public enum PresetNormalization
{
    /// <summary>ImageNet's per-channel mean (0.485, 0.456, 0.406) and std (0.229, 0.224, 0.225): photographs, and any pretrained features (they were learnt with it).</summary>
    ImageNet,

    /// <summary>
    /// The training images' own mean and std over all their pixel values (one value for every channel, rounded to 4
    /// decimals; Fashion-MNIST: 0.2860, 0.3530): grey images trained from scratch. Computed once over every training
    /// image, which suits data held in memory (IDX files); for an image folder it decodes every file.
    /// </summary>
    TrainingImages,
}
