using System.Collections.Generic;
using System.IO;
using ShuffleNet.Torch.Classification;
using ShuffleNet.Torch.Classifier;
using TorchCheckpoints.Hub;

namespace ShuffleNet.Torch.Sample;

/// <summary>
/// classify: the model's most probable classes for one picture, with TorchSharp or ONNX Runtime, through the library's
/// classifier: the image is prepared with the model card's transform and the classes have its names (a run folder's
/// model.json, the card beside model.pth, inside a checkpoint or an ONNX file, or the registry entry the weights are).
/// </summary>
internal static class ImageClassification
{
    public static string Run(ClassificationSettings settings, TextWriter stderr)
    {
        // 1. The weights: a file or folder, or a URL or registry entry through the download cache.
        //    A registry entry's sizes are checked before its download.
        if (settings.Weights.Pretrained is { } pretrained && Misfit(pretrained.Transforms, settings, $"{pretrained.Name}'s transform") is { } mistake)
        {
            throw new UsageException(mistake);
        }

        // 2. The model and its card. --resize and --crop change the card's transform (or the default); whether they fit
        //    is said once the classifier knows where that transform came from.
        var weights = settings.Weights.IsRandom ? null : ResolvedWeights.Of(settings.Weights, settings.Download, stderr);
        ImageClassificationTransform? unfitting = null;
        var options = new ClassifierLoadOptions
        {
            AdjustTransform = basis =>
            {
                if (Misfit(basis, settings, string.Empty) is null)
                {
                    return Adjust(basis, settings);
                }

                unfitting = basis;
                return basis;
            },
            Classes = settings.LabelsPath is { } labels ? File.ReadAllLines(labels) : null,
            Engine = settings.Engine == InferenceEngine.Onnx ? ClassifierEngine.OnnxRuntime : null,
            OnnxThreads = settings.Threads ?? 0,
        };
        using var classifier = OpenClassifier(settings, weights, options);
        if (unfitting is not null)
        {
            var transform = classifier.Source.RegistryEntry is { } name ? $"{name}'s transform"
                : classifier.Source.CardOrigin is not null ? "the model card's transform"
                : "the default transform";
            throw new UsageException(Misfit(unfitting, settings, transform)!);
        }

        if (settings.Top is { } top && top > classifier.ClassCount)
        {
            throw new UsageException($"--top {top} is more than the model's {classifier.ClassCount} classes.");
        }

        // 3. The classes.
        var predictions = classifier.Classify(settings.ImagePath, settings.Top);
        if (weights is null)
        {
            stderr.WriteLine("warning: no --weights or --pretrained: the model's weights are random, and so are these classes.");
        }
        else if (classifier.Source.CardOrigin is null && weights.Entry is { } entry)
        {
            stderr.WriteLine($"warning: '{Path.GetFullPath(weights.Path)}' is named like {entry.Name} but holds another network; "
                + "it is classified with the default transform and without class names.");
        }

        var result = new ImagePredictions(
            Path.GetFullPath(settings.ImagePath),
            weights is null ? null : Path.GetFullPath(weights.Path),
            classifier.Source.RegistryEntry,
            classifier.Transform,
            classifier.Engine == ClassifierEngine.OnnxRuntime ? InferenceEngine.Onnx : InferenceEngine.TorchSharp,
            classifier.ClassCount,
            predictions,
            CardOrigin.Of(classifier),
            SizeOptions(settings));
        return PredictionOutput.Format(result, settings.Format);
    }

    private static ShuffleNetV2Classifier OpenClassifier(ClassificationSettings settings, ResolvedWeights? weights, ClassifierLoadOptions options)
    {
        try
        {
            return ModelFactory.Open(settings.Model with { WeightsPath = weights?.Path }, options, onnxAllowed: true);
        }
        catch (System.ArgumentException e) when (settings.LabelsPath is { } labels && e.ParamName == "classes")
        {
            throw new UsageException($"--labels '{Path.GetFullPath(labels)}': {e.Message.Split(" (Parameter", 2)[0]}");
        }
    }

    /// <summary>What --resize and --crop say about a transform that otherwise comes from elsewhere, or null when neither is given.</summary>
    private static string? SizeOptions(ClassificationSettings settings) => (settings.Resize, settings.Crop) switch
    {
        (null, null) => null,
        (not null, null) => "--resize",
        (null, not null) => "--crop",
        _ => "--resize and --crop",
    };

    /// <summary>Why --resize and --crop do not fit <paramref name="basis"/> (named <paramref name="transform"/> in the message), or null when they fit.</summary>
    private static string? Misfit(ImageClassificationTransform basis, ClassificationSettings settings, string transform)
    {
        var (newResize, newCrop) = (settings.Resize ?? basis.ResizeSize, settings.Crop);
        var (cropHeight, cropWidth) = newCrop is { } c ? (c, c) : (basis.CropHeight, basis.CropWidth);
        if ((settings.Resize is null && settings.Crop is null) || newResize is not { } r || r >= System.Math.Max(cropHeight, cropWidth))
        {
            return null;
        }

        var crop = cropHeight == cropWidth ? $"{cropHeight}" : $"{cropHeight}x{cropWidth}";
        return settings.Resize is not null && settings.Crop is not null
            ? $"--resize {r} is smaller than --crop {newCrop}: the centre crop must fit inside the resized image."
            : settings.Resize is not null
                ? $"--resize {r} is smaller than {transform}'s crop {crop}: give --crop {r} or less, or a larger --resize."
                : $"--crop {newCrop} is larger than {transform}'s resize {r}: give --resize {newCrop} or more, or a smaller --crop.";
    }

    /// <summary>--resize and --crop in place of the transform's sizes (which <see cref="Misfit"/> found to fit).</summary>
    private static ImageClassificationTransform Adjust(ImageClassificationTransform basis, ClassificationSettings settings)
    {
        if (settings.Resize is null && settings.Crop is null)
        {
            return basis;
        }

        var (cropHeight, cropWidth) = settings.Crop is { } c ? (c, c) : (basis.CropHeight, basis.CropWidth);
        return new ImageClassificationTransform(cropHeight, cropWidth, settings.Resize ?? basis.ResizeSize, basis.Mean, basis.Std, basis.Interpolation);
    }
}

/// <summary>
/// What to classify, with which model, weights and engine; <see cref="Top"/> classes in <see cref="Format"/>.
/// <see cref="Resize"/>, <see cref="Crop"/> and <see cref="LabelsPath"/> are null when not given.
/// </summary>
internal sealed record ClassificationSettings(
    ModelChoice Model,
    WeightsSource Weights,
    DownloadSettings Download,
    string ImagePath,
    int? Resize,
    int? Crop,
    string? LabelsPath,
    int? Top,
    InferenceEngine Engine,
    int? Threads,
    OutputFormat Format)
{
    /// <summary>At most this many classes unless --top says otherwise (fewer for a model with fewer classes).</summary>
    public const int DefaultTop = 5;
}

/// <summary>
/// The result of classify: full paths of the image and the weights (null without weights), the registry entry the
/// weights are (null for none), the transform applied, the top classes, where the model card came from (null for none)
/// and the options that replaced its sizes ("--resize", "--crop", "--resize and --crop"; null for none).
/// </summary>
internal sealed record ImagePredictions(
    string Image, string? Weights, string? Entry, ImageClassificationTransform Transform, InferenceEngine Engine, long Classes, IReadOnlyList<ClassPrediction> Top,
    string? CardOrigin, string? SizeOptions);
