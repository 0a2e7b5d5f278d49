using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using TorchCheckpoints;
using TorchShared;
using TorchSharp;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Weights;

/// <summary>
/// Matches a checkpoint against a model and copies it in, all or nothing: every key, shape and element type is
/// checked and every tensor converted before the first model tensor is written.
/// </summary>
internal static class WeightsLoader
{
    private const string NumBatchesTracked = ".num_batches_tracked";
    private static readonly string[] ClassifierKeys = ["fc.weight", "fc.bias"];

    public static WeightsLoadResult Load(ShuffleNetV2 model, Checkpoint checkpoint, WeightsLoadOptions options)
    {
        var style = DetectStyle(checkpoint);
        var keys = new StateDictKeys(model.Architecture);
        var skipped = options.SkipClassifier ? ClassifierKeys : [];
        var modelState = model.state_dict();

        var fromFile = new Dictionary<string, (string FileKey, Tensor Tensor)>();
        var unexpected = new List<string>();
        foreach (var (fileKey, tensor) in checkpoint.Entries)
        {
            var modelKey = keys.ToModel(fileKey, style);
            if (skipped.Contains(modelKey))
            {
                continue;
            }

            if (modelState.ContainsKey(modelKey))
            {
                fromFile[modelKey] = (fileKey, tensor);
            }
            else
            {
                unexpected.Add(fileKey);
            }
        }

        var plan = new List<(string Key, Tensor Source)>();
        var missing = new List<string>();
        var zeroFilled = new List<string>();
        var shapeMismatches = new List<string>();
        var typeMismatches = new List<string>();
        foreach (var (modelKey, target) in modelState.Where(kv => !skipped.Contains(kv.Key)))
        {
            if (!fromFile.TryGetValue(modelKey, out var source))
            {
                if (PredatesNumBatchesTracked(modelKey, checkpoint, keys, style))
                {
                    zeroFilled.Add(modelKey);
                    plan.Add((modelKey, zeros_like(target, device: CPU)));
                }
                else
                {
                    missing.Add(modelKey);
                }

                continue;
            }

            var label = source.FileKey == modelKey ? modelKey : $"{modelKey} (file: {source.FileKey})";
            if (!source.Tensor.shape.SequenceEqual(target.shape))
            {
                shapeMismatches.Add($"{label}: model {ShapeText.Format(target.shape)}, file {ShapeText.Format(source.Tensor.shape)}");
            }
            else if (!CanConvert(source.Tensor.dtype, target.dtype))
            {
                typeMismatches.Add($"{label}: model {target.dtype}, file {source.Tensor.dtype}");
            }
            else
            {
                plan.Add((modelKey, source.Tensor));
            }
        }

        var strictFailure = options.Strict && (missing.Count > 0 || unexpected.Count > 0);
        if (strictFailure || shapeMismatches.Count > 0 || typeMismatches.Count > 0)
        {
            var reported = options.Strict ? (missing, unexpected) : ([], []);
            throw Mismatch(model, checkpoint, style, keys, reported.Item1, reported.Item2, shapeMismatches, typeMismatches);
        }

        var converted = plan.Select(p => (p.Key, Value: p.Source.to(modelState[p.Key].dtype))).ToList();
        if (options.Device is { } device)
        {
            model.to(device);
            modelState = model.state_dict();
        }

        using (no_grad())
        {
            foreach (var (key, value) in converted)
            {
                modelState[key].copy_(value);
            }
        }

        return new WeightsLoadResult(checkpoint.Path, checkpoint.Format, style, converted.Count - zeroFilled.Count, missing, unexpected, zeroFilled, checkpoint.HashVerified);
    }

    // Floating to floating and integer to integer: a conversion PyTorch's load_state_dict would also make.
    private static bool CanConvert(ScalarType from, ScalarType to) =>
        from == to || (is_floating_point(from) && is_floating_point(to)) || (is_integral(from) && is_integral(to));

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

    // PyTorch's BatchNorm fills a missing num_batches_tracked with 0 when the file's metadata gives its module no version 2 or later.
    private static bool PredatesNumBatchesTracked(string modelKey, Checkpoint checkpoint, StateDictKeys keys, WeightsKeyStyle style)
    {
        if (!modelKey.EndsWith(NumBatchesTracked, StringComparison.Ordinal))
        {
            return false;
        }

        var filePrefix = keys.ToFile(modelKey[..^NumBatchesTracked.Length], style);
        return !checkpoint.ModuleVersions.TryGetValue(filePrefix, out var version) || version < 2;
    }

    private static WeightsMismatchException Mismatch(
        ShuffleNetV2 model,
        Checkpoint checkpoint,
        WeightsKeyStyle style,
        StateDictKeys keys,
        List<string> missing,
        List<string> unexpected,
        List<string> shapeMismatches,
        List<string> typeMismatches)
    {
        var problems = missing.Count + unexpected.Count + shapeMismatches.Count + typeMismatches.Count;
        var message = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"Weights file '{checkpoint.Path}' ({CheckpointReader.Describe(checkpoint.Format)}, {(style == WeightsKeyStyle.InvertedBlock ? "inverted_block" : "torchvision")} keys) ")
            .Append(CultureInfo.InvariantCulture, $"does not fit this ShuffleNetV2 ({CheckpointArchitecture.Describe(model.Architecture)}, {model.NumClasses} classes): ")
            .Append(CultureInfo.InvariantCulture, $"{problems} problem{(problems == 1 ? string.Empty : "s")}. The model was not changed.");
        AppendSection(message, "Missing from the file", missing.Select(k => keys.ToFile(k, style) is var f && f != k ? $"{k} (file: {f})" : k).ToList());
        AppendSection(message, "Unexpected in the file", unexpected);
        AppendSection(message, "Shape mismatches", shapeMismatches);
        AppendSection(message, "Element type mismatches", typeMismatches);
        message.AppendLine().Append(Hint(model, checkpoint, style));
        return new WeightsMismatchException(checkpoint.Path, message.ToString(), missing, unexpected, shapeMismatches, typeMismatches);
    }

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
