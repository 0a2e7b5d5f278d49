namespace ShuffleNet.Torch.Classifier;

/// <summary>A setting of a model that a file may disagree with (see <see cref="ModelMismatchException"/>).</summary>
public enum ModelSetting
{
    /// <summary>The network's width (its architecture).</summary>
    Width,

    /// <summary>The number of classes.</summary>
    Classes,
}
