namespace ShuffleNet.Torch.Weights;

/// <summary>How a checkpoint names the units of the three stages; both are recognised when loading.</summary>
public enum WeightsKeyStyle
{
    /// <summary>The reference model's and this library's names: all units in one list, <c>inverted_block.0</c> … <c>inverted_block.15</c>.</summary>
    InvertedBlock,

    /// <summary>torchvision's names: one list per stage, <c>stage2.0</c> … <c>stage2.3</c>, <c>stage3.0</c> …, <c>stage4.0</c> ….</summary>
    Torchvision,
}
