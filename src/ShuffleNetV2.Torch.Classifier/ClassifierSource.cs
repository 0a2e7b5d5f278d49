namespace ShuffleNet.Torch.Classifier;

/// <summary>Where a classifier and its model card came from.</summary>
/// <param name="Kind">What was loaded.</param>
/// <param name="Path">The full path given to <see cref="ShuffleNetV2Classifier.Load"/> (or the cached file of a registry entry or URL); empty for a network in memory.</param>
/// <param name="WeightsPath">The file the weights were read from (a run folder's <c>model.pth</c>, for example); empty for a network in memory.</param>
/// <param name="CardOrigin">Where the card was found ("model.json beside the weights", "the checkpoint", "the ONNX metadata", a registry entry's name); null when there is none.</param>
/// <param name="RegistryEntry">The name of torchvision's weights entry the file is, or null.</param>
public sealed record ClassifierSource(ClassifierSourceKind Kind, string Path, string WeightsPath, string? CardOrigin, string? RegistryEntry)
{
    /// <summary>What <see cref="CardOrigin"/> is for an ONNX file that records a transform and class names but no whole card.</summary>
    internal const string OnnxMetadataWithoutCard = "the ONNX metadata (transform and labels)";

    /// <summary>
    /// Where the card is, in words a user can follow: the card's file (a run's <c>model.json</c>, <c>NAME.json</c>
    /// beside <c>NAME.pth</c>), the file that holds it (a checkpoint, an ONNX file), or the registry entry's name;
    /// null when nothing describes the model.
    /// </summary>
    public string? CardLocation => CardOrigin switch
    {
        null => null,
        OnnxMetadataWithoutCard => $"the ONNX metadata of {WeightsPath} (transform and labels)",
        { } origin when System.IO.Path.IsPathRooted(origin) || origin == RegistryEntry || WeightsPath.Length == 0 => origin,
        _ => WeightsPath,
    };
}
