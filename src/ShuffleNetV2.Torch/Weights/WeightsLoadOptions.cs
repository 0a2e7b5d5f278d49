using static TorchSharp.torch;

namespace ShuffleNet.Torch.Weights;

/// <summary>How <see cref="ShuffleNetV2.LoadWeights(string, WeightsLoadOptions?)"/> loads a checkpoint. The defaults load a complete, matching checkpoint strictly.</summary>
public sealed record WeightsLoadOptions
{
    /// <summary>
    /// When true (the default) every model key must be in the file and every file key in the model; otherwise keys
    /// missing on either side are skipped and reported in <see cref="WeightsLoadResult"/>. Shape and type mismatches
    /// fail in both modes, as in PyTorch.
    /// </summary>
    public bool Strict { get; init; } = true;

    /// <summary>
    /// Leaves the classifier (<c>fc.weight</c>, <c>fc.bias</c>) as it is and ignores the file's, whatever its class
    /// count: for fine-tuning pretrained features on another set of classes.
    /// </summary>
    public bool SkipClassifier { get; init; }

    /// <summary>Moves the model to this device before loading; null (the default) keeps the model where it is.</summary>
    public Device? Device { get; init; }

    /// <summary>
    /// When true and the file name ends like torchvision's (<c>name-&lt;hex digits&gt;.ext</c>, at least 8 digits,
    /// e.g. <c>shufflenetv2_x1-5666bf0f80.pth</c>), checks that the file's SHA-256 starts with those digits and throws
    /// <see cref="TorchCheckpoints.CheckpointFileException"/> when it does not. Names without such a suffix are not checked.
    /// </summary>
    public bool VerifyHashFromFileName { get; init; }
}
