using System.Collections.Generic;
using System.IO;
using ShuffleNet.Torch.Classification;
using ShuffleNet.Torch.Imaging;
using ShuffleNet.Torch.Onnx;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Sample;

/// <summary>classify: the model's most probable classes for one picture, with TorchSharp or ONNX Runtime.</summary>
internal static class ImageClassification
{
    public static string Run(ClassificationSettings settings, TextWriter stderr)
    {
        using var model = ModelFactory.Create(settings.Model);
        if (settings.Top > model.NumClasses)
        {
            throw new UsageException($"--top {settings.Top} is more than the model's {model.NumClasses} classes.");
        }

        var imagePath = settings.ImagePath;
        IReadOnlyList<ClassPrediction> top;
        using (var scope = NewDisposeScope())
        {
            // torchvision's ImageNet transform: resize to 256, centre crop 224, normalise; [1, 3, 224, 224].
            var input = ImageNetPreprocessing.Load(imagePath);
            var logits = settings.Engine == InferenceEngine.Onnx
                ? RunOnnx(model, input, settings.Threads)
                : RunTorchSharp(model, input.to(settings.Model.TorchDevice));
            top = Predictions.TopK(logits, settings.Top)[0];
        }

        if (settings.Model.WeightsPath is null)
        {
            stderr.WriteLine("warning: no --weights: the model's weights are random, and so are these classes.");
        }

        var result = new ImagePredictions(
            Path.GetFullPath(imagePath),
            settings.Model.WeightsPath is null ? null : Path.GetFullPath(settings.Model.WeightsPath),
            settings.Engine,
            model.NumClasses,
            top);
        return PredictionOutput.Format(result, settings.Format);
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

/// <summary>What to classify, with which model and engine; <see cref="Top"/> classes in <see cref="Format"/>.</summary>
internal sealed record ClassificationSettings(ModelChoice Model, string ImagePath, int Top, InferenceEngine Engine, int? Threads, OutputFormat Format)
{
    public const int DefaultTop = 5;
}

/// <summary>The result of classify: full paths of the image and the weights (null without --weights), and the top classes.</summary>
internal sealed record ImagePredictions(string Image, string? Weights, InferenceEngine Engine, long Classes, IReadOnlyList<ClassPrediction> Top);
