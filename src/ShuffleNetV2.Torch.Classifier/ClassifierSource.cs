using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using TorchTraining.Checkpoints;

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
    /// <summary>
    /// The full paths of the files the classifier was read from: the file given, the weights, the card's file; for a run
    /// folder also its checkpoints, which hold the run's state.
    /// </summary>
    public IReadOnlyList<string> Files => new[] { Path, WeightsPath, CardOrigin is { } origin && System.IO.Path.IsPathRooted(origin) ? origin : string.Empty }
        .Concat(Kind == ClassifierSourceKind.RunFolder
            ? [System.IO.Path.Combine(Path, TrainingCheckpoint.LastFileName), System.IO.Path.Combine(Path, TrainingCheckpoint.BestFileName)]
            : Array.Empty<string>())
        .Where(p => p.Length > 0 && !Directory.Exists(p))
        .Select(System.IO.Path.GetFullPath)
        .Distinct(PathComparer)
        .ToArray();

    /// <summary>Refuses an output path that names one of <see cref="Files"/>, before anything is written.</summary>
    /// <param name="outputPath">The file about to be written.</param>
    /// <exception cref="SourceOverwriteException">The path is a file the classifier was read from.</exception>
    public void RefuseOverwrite(string outputPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputPath);
        var full = System.IO.Path.GetFullPath(outputPath);
        if (Files.FirstOrDefault(f => PathComparer.Equals(f, full)) is { } source)
        {
            var what = PathComparer.Equals(source, System.IO.Path.GetFullPath(WeightsPath)) ? "the file the model's weights were read from"
                : CardOrigin is { } origin && PathComparer.Equals(source, System.IO.Path.GetFullPath(origin)) ? "the model card the classifier was read with"
                : Kind == ClassifierSourceKind.RunFolder && !PathComparer.Equals(source, System.IO.Path.GetFullPath(Path)) ? "a checkpoint of the run the model was read from"
                : "the file the classifier was read from";
            throw new SourceOverwriteException(full, what);
        }
    }

    /// <summary>File names compare as the file system does: case-insensitively on Windows and macOS.</summary>
    private static StringComparer PathComparer => OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
}
