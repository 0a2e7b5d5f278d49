using System.Collections.Generic;
using System.IO;
using System.Linq;
using ShuffleNet.Torch.Classification;
using ShuffleNet.Torch.Imaging;
using ShuffleNet.Torch.Onnx;
using ShuffleNet.Torch.Pretrained;
using TorchCheckpoints.Hub;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Sample;

/// <summary>classify: the model's most probable classes for one picture, with TorchSharp or ONNX Runtime.</summary>
internal static class ImageClassification
{
    public static string Run(ClassificationSettings settings, TextWriter stderr)
    {
        // 1. The weights: a file, or a URL or registry entry through the download cache; and the entry they are, if any.
        //    A registry entry's sizes are checked before its download.
        if (settings.Weights.Pretrained is { } pretrained)
        {
            InputTransform.For(pretrained, settings.Resize, settings.Crop);
        }

        var weights = settings.Weights.IsRandom ? null : ResolvedWeights.Of(settings.Weights, settings.Download, stderr);
        using var model = ModelFactory.Create(settings.Model with { WeightsPath = weights?.Path });
        var entry = weights is null ? null : Fitting(weights, model, stderr);
        if (settings.Top > model.NumClasses)
        {
            throw new UsageException($"--top {settings.Top} is more than the model's {model.NumClasses} classes.");
        }

        // 2. The transform and the labels follow the entry; --resize, --crop and --labels replace them.
        var transform = InputTransform.For(entry, settings.Resize, settings.Crop);
        var labels = ClassLabels.For(settings.LabelsPath, entry, model.NumClasses);

        var imagePath = settings.ImagePath;
        IReadOnlyList<ClassPrediction> top;
        using (var scope = NewDisposeScope())
        {
            var input = ImageNetPreprocessing.Load(imagePath, transform);
            var logits = settings.Engine == InferenceEngine.Onnx
                ? RunOnnx(model, input, settings.Threads)
                : RunTorchSharp(model, input.to(settings.Model.TorchDevice));
            top = Predictions.TopK(logits, settings.Top, labels)[0];
        }

        // TopK names a 1000-class model's classes ImageNet's when given no labels; classify names only what it knows.
        if (labels is null)
        {
            top = top.Select(p => p with { Label = null }).ToList();
        }

        if (weights is null)
        {
            stderr.WriteLine("warning: no --weights or --pretrained: the model's weights are random, and so are these classes.");
        }

        var result = new ImagePredictions(
            Path.GetFullPath(imagePath),
            weights is null ? null : Path.GetFullPath(weights.Path),
            entry?.Name,
            transform,
            settings.Engine,
            model.NumClasses,
            top);
        return PredictionOutput.Format(result, settings.Format);
    }

    /// <summary>The entry, when the network loaded from its file is the entry's; a file only named like one gets no entry.</summary>
    private static ShuffleNetV2Weights? Fitting(ResolvedWeights weights, ShuffleNetV2 model, TextWriter stderr)
    {
        if (weights.Entry is not { } entry || (model.Architecture.Width == entry.Width && model.NumClasses == entry.Categories.Count))
        {
            return weights.Entry;
        }

        stderr.WriteLine($"warning: '{Path.GetFullPath(weights.Path)}' is named like {entry.Name} but holds another network; "
            + "it is classified with the default transform and without class names.");
        return null;
    }

    private static Tensor RunTorchSharp(ShuffleNetV2 model, Tensor input)
    {
        using var noGrad = no_grad();
        return model.call(input);
    }

    private static Tensor RunOnnx(ShuffleNetV2 model, Tensor input, int? threads)
    {
        using var onnx = OnnxShuffleNetV2.FromModel(model, intraOpThreads: threads ?? 0);
        return onnx.Run(input);
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
    int Top,
    InferenceEngine Engine,
    int? Threads,
    OutputFormat Format)
{
    public const int DefaultTop = 5;
}

/// <summary>
/// The result of classify: full paths of the image and the weights (null without weights), the registry entry the
/// weights are (null for none), the transform applied, and the top classes.
/// </summary>
internal sealed record ImagePredictions(
    string Image, string? Weights, string? Entry, ImageClassificationTransform Transform, InferenceEngine Engine, long Classes, IReadOnlyList<ClassPrediction> Top);
