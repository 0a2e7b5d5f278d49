namespace ShuffleNet.Torch.Classifier;

/// <summary>Where a classifier and its model card came from.</summary>
/// <param name="Kind">What was loaded.</param>
/// <param name="Path">The full path given to <see cref="ShuffleNetV2Classifier.Load"/> (or the cached file of a registry entry).</param>
/// <param name="WeightsPath">The file the weights were read from (a run folder's <c>model.pth</c>, for example).</param>
/// <param name="CardOrigin">Where the card was found ("model.json beside the weights", "the checkpoint", "the ONNX metadata", a registry entry's name); null when there is none.</param>
/// <param name="RegistryEntry">The name of torchvision's weights entry the file is, or null.</param>
public sealed record ClassifierSource(ClassifierSourceKind Kind, string Path, string WeightsPath, string? CardOrigin, string? RegistryEntry);
