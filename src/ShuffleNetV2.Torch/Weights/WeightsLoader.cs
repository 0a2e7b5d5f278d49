using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using TorchCheckpoints;
using TorchShared;
using TorchSharp;

namespace ShuffleNet.Torch.Weights;

/// <summary>
/// Loads a checkpoint into a ShuffleNetV2 with TorchCheckpoints' <see cref="StateDictMatch"/> (all or nothing), the
/// network's two key namings plugged in, and says in its own terms why a checkpoint does not fit.
/// </summary>
internal static class WeightsLoader
{
    private static readonly string[] ClassifierKeys = ["fc.weight", "fc.bias"];

    public static WeightsLoadResult Load(ShuffleNetV2 model, Checkpoint checkpoint, WeightsLoadOptions options)
    {
        var style = DetectStyle(checkpoint);
        var keys = new StateDictKeys(model.Architecture);
        using var match = StateDictMatch.Create(model, checkpoint.Entries, new StateDictLoadOptions
        {
            Strict = options.Strict,
            MapKey = fileKey => keys.ToModel(fileKey, style),
            Skip = options.SkipClassifier ? ClassifierKeys : [],
            ModuleVersions = checkpoint.ModuleVersions,
        });
        if (!match.Fits)
        {
            throw Mismatch(model, checkpoint, style, keys, match.Problems);
        }

        if (options.Device is { } device)
        {
            model.to(device);
        }

        match.CopyIntoModule();
        return new WeightsLoadResult(checkpoint.Path, checkpoint.Format, style, match.LoadedCount, match.MissingKeys, match.UnexpectedKeys, match.ZeroFilledKeys, checkpoint.HashVerified);
    }

    public static WeightsKeyStyle DetectStyle(Checkpoint checkpoint)
    {
        try
        {
            return StateDictKeys.DetectStyle(checkpoint.Entries.Select(e => e.Key));
        }
        catch (ArgumentException e)
        {
            throw new CheckpointFileException(checkpoint.Path, $"Weights file '{checkpoint.Path}' cannot be loaded: {e.Message}", e);
        }
    }

    private static WeightsMismatchException Mismatch(ShuffleNetV2 model, Checkpoint checkpoint, WeightsKeyStyle style, StateDictKeys keys, IReadOnlyList<StateDictProblem> problems)
    {
        List<string> Lines(StateDictProblemKind kind, Func<StateDictProblem, string> line) => problems.Where(p => p.Kind == kind).Select(line).ToList();
        var missing = Lines(StateDictProblemKind.Missing, p => p.ModuleKey!);
        var unexpected = Lines(StateDictProblemKind.Unexpected, p => p.FileKey!);
        var shapeMismatches = Lines(StateDictProblemKind.Shape, p => $"{Label(p)}: model {ShapeText.Format(p.ModuleShape!)}, file {ShapeText.Format(p.FileShape!)}");
        var typeMismatches = Lines(StateDictProblemKind.ElementType, p => $"{Label(p)}: model {p.ModuleType}, file {p.FileType}");
        var message = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"Weights file '{checkpoint.Path}' ({CheckpointReader.Describe(checkpoint.Format)}, {(style == WeightsKeyStyle.InvertedBlock ? "inverted_block" : "torchvision")} keys) ")
            .Append(CultureInfo.InvariantCulture, $"does not fit this ShuffleNetV2 ({CheckpointArchitecture.Describe(model.Architecture)}, {model.NumClasses} classes): ")
            .Append(CultureInfo.InvariantCulture, $"{problems.Count} problem{(problems.Count == 1 ? string.Empty : "s")}. The model was not changed.");
        AppendSection(message, "Missing from the file", missing.Select(k => keys.ToFile(k, style) is var f && f != k ? $"{k} (file: {f})" : k).ToList());
        AppendSection(message, "Unexpected in the file", unexpected);
        AppendSection(message, "Shape mismatches", shapeMismatches);
        AppendSection(message, "Element type mismatches", typeMismatches);
        message.AppendLine().Append(Hint(model, checkpoint, style));
        return new WeightsMismatchException(checkpoint.Path, message.ToString(), missing, unexpected, shapeMismatches, typeMismatches);
    }

    private static string Label(StateDictProblem problem) => problem.FileKey == problem.ModuleKey ? problem.ModuleKey! : $"{problem.ModuleKey} (file: {problem.FileKey})";

    private static void AppendSection(StringBuilder message, string title, List<string> lines)
    {
        if (lines.Count == 0)
        {
            return;
        }

        message.AppendLine().Append(CultureInfo.InvariantCulture, $"{title} ({lines.Count}):");
        foreach (var line in lines)
        {
            message.AppendLine().Append("  ").Append(line);
        }
    }

    private static string Hint(ShuffleNetV2 model, Checkpoint checkpoint, WeightsKeyStyle style)
    {
        var shapes = checkpoint.Entries.ToDictionary(e => e.Key, e => e.Value.shape);
        var (architecture, numClasses) = CheckpointArchitecture.Infer(shapes, style);
        if (architecture is null)
        {
            return "The file does not describe a complete ShuffleNetV2.";
        }

        var classes = numClasses is { } n ? $", {n} classes" : ", no classifier";
        if (!architecture.Equals(model.Architecture))
        {
            return $"The file holds a ShuffleNetV2 with {CheckpointArchitecture.Describe(architecture)}{classes}: build that architecture, or let ShuffleNetV2.FromWeights read it from the file.";
        }

        return numClasses != model.NumClasses
            ? $"The file holds the same architecture{classes}: build the model with that class count, or set WeightsLoadOptions.SkipClassifier to load everything but fc."
            : "The file holds the same architecture and class count.";
    }
}
