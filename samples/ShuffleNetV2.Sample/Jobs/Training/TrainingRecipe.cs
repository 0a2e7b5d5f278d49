using System;
using TorchTraining;
using TorchTraining.Datasets;
using TorchTraining.Step;

namespace ShuffleNet.Torch.Sample;

/// <summary>
/// The recipe's defaults and the trainer's options, after torchvision's classification reference scaled to a small
/// data set on a CPU: SGD with momentum 0.9 (or AdamW), linear warm-up then cosine decay (updated every step, which
/// suits short runs better than train.py's once per epoch), label smoothing
/// 0.1, weight decay without norm layers and biases, random erasing 0.1, optional EMA of the weights.
/// </summary>
internal static class TrainingRecipe
{
    public const int DefaultEpochs = 30;
    public const int DefaultBatch = 128;
    public const int DefaultWorkers = 2;
    public const int DefaultIdxSize = 64;
    public const int DefaultImageFolderSize = 224;
    public const int DefaultWarmupEpochs = 2;
    public const double DefaultLabelSmoothing = 0.1;
    public const double DefaultRandomErasing = 0.1;
    public const double SgdLearningRate = 0.1;
    public const double AdamWLearningRate = 1e-3;
    public const double FineTuningLearningRateFactor = 0.1;
    public const double SgdWeightDecay = 5e-5;
    public const double AdamWWeightDecay = 0.05;
    public const int EvaluationBatch = 256;
    public const string ClassifierPrefix = "fc.";

    public static int Size(TrainingSettings settings, ImageDataKind kind) => settings.Size ?? (kind == ImageDataKind.Idx ? DefaultIdxSize : DefaultImageFolderSize);

    public static double LearningRate(TrainingSettings settings) =>
        settings.LearningRate ?? ((settings.Optimizer == OptimizerKind.Sgd ? SgdLearningRate : AdamWLearningRate) * (settings.WeightsPath is null ? 1 : FineTuningLearningRateFactor));

    /// <summary>Two epochs, fewer for short runs (cosine decay needs at least one epoch after the warm-up).</summary>
    public static int WarmupEpochs(TrainingSettings settings) => settings.WarmupEpochs ?? Math.Min(DefaultWarmupEpochs, settings.Epochs - 1);

    /// <exception cref="UsageException">Options that do not go together.</exception>
    public static void Check(TrainingSettings settings)
    {
        if (WarmupEpochs(settings) >= settings.Epochs)
        {
            throw new UsageException($"--warmup-epochs {settings.WarmupEpochs} must be below --epochs {settings.Epochs} (the cosine decay needs the epochs after it).");
        }

        if (settings.WeightsPath is null && (settings.FreezeBackboneEpochs > 0 || settings.BackboneLearningRateScale is not null))
        {
            throw new UsageException("--freeze-backbone-epochs and --backbone-lr-scale fine-tune pretrained features: they need --weights.");
        }

        if (settings.FreezeBackboneEpochs >= settings.Epochs && settings.FreezeBackboneEpochs > 0)
        {
            throw new UsageException($"--freeze-backbone-epochs {settings.FreezeBackboneEpochs} must be below --epochs {settings.Epochs}, or the backbone never learns.");
        }
    }

    public static TrainingOptions Options(TrainingSettings settings, string outputFolder)
    {
        var sgd = settings.Optimizer == OptimizerKind.Sgd;
        return new TrainingOptions
        {
            Epochs = settings.Epochs,
            Optimizer = new OptimizerSettings
            {
                Kind = settings.Optimizer,
                LearningRate = LearningRate(settings),
                Momentum = 0.9,
                WeightDecay = settings.WeightDecay ?? (sgd ? SgdWeightDecay : AdamWWeightDecay),
                NormWeightDecay = 0.0,
                BiasWeightDecay = 0.0,
            },
            Schedule = new ScheduleSettings { WarmupEpochs = WarmupEpochs(settings), WarmupMethod = WarmupMethod.Linear, WarmupDecay = 0.01, Decay = LearningRateDecay.Cosine, PerIteration = true },
            LabelSmoothing = settings.LabelSmoothing,
            Ema = settings.Ema ? new EmaSettings(settings.Batch) : null,
            FineTuning = settings.WeightsPath is null
                ? null
                : new FineTuningSettings(ClassifierPrefix) { FreezeBackboneEpochs = settings.FreezeBackboneEpochs, BackboneLearningRateScale = settings.BackboneLearningRateScale ?? 1.0 },
            OutputDirectory = outputFolder,
        };
    }
}
