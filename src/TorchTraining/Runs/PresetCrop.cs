namespace TorchTraining.Runs;

/// <summary>How a <see cref="TrainingPreset"/> cuts the training images to the input size.</summary>
public enum PresetCrop
{
    /// <summary>
    /// For small, centred images (IDX data): <c>Resize(size)</c>, then <c>RandomCrop(size, padding = max(1, size / 8))</c>,
    /// as CIFAR recipes do: the object stays whole and moves by a few pixels.
    /// </summary>
    PaddedRandomCrop,

    /// <summary>For photographs: torchvision's <c>RandomResizedCrop(size)</c> (scale 0.08 to 1, aspect ratio 3/4 to 4/3).</summary>
    RandomResizedCrop,
}
