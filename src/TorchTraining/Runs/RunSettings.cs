using System;
using System.Collections.Generic;
using System.Text.Json;
using TorchCheckpoints;
using TorchTraining.Step;

namespace TorchTraining.Runs;

/// <summary>
/// The values a run trains with: the options where given, the preset's otherwise. Checked on creation, so that every
/// problem with the options is one line naming the option and the value, before anything is opened or written.
/// </summary>
internal sealed record RunSettings
{
    public required TrainingPreset Preset { get; init; }

    public required int Epochs { get; init; }

    public required int BatchSize { get; init; }

    public required int Size { get; init; }

    public required int Seed { get; init; }

    public required int Workers { get; init; }

    public required OptimizerKind Optimizer { get; init; }

    public required double LearningRate { get; init; }

    public required double WeightDecay { get; init; }

    public required int WarmupEpochs { get; init; }

    public required double LabelSmoothing { get; init; }

    public required double RandomErasing { get; init; }

    public required bool Ema { get; init; }

    /// <summary>The classifier's parameter prefix for pretrained networks; null from scratch (all parameters alike).</summary>
    public required string? ClassifierPrefix { get; init; }

    public required int FreezeBackboneEpochs { get; init; }

    public required double BackboneLearningRateScale { get; init; }

    /// <summary>Checks the options that do not depend on the data (before it is opened).</summary>
    /// <exception cref="ArgumentException">An option is out of range; the message names it and its value.</exception>
    public static void CheckRanges(TrainingRunOptions options, bool pretrained)
    {
        OptionGuard.Require(!string.IsNullOrWhiteSpace(options.DataPath), nameof(options.DataPath), "a data folder", options.DataPath);
        OptionGuard.Require(!string.IsNullOrWhiteSpace(options.OutputFolder), nameof(options.OutputFolder), "a folder path", options.OutputFolder);
        OptionGuard.Require(options.Epochs is null or >= 1, nameof(options.Epochs), "null or 1 or more", options.Epochs);
        OptionGuard.Require(options.BatchSize is null or >= 1, nameof(options.BatchSize), "null or 1 or more", options.BatchSize);
        OptionGuard.Require(options.Size is null or >= 1, nameof(options.Size), "null or 1 or more", options.Size);
        OptionGuard.Require(options.Workers is null or >= 0, nameof(options.Workers), "null or 0 or more", options.Workers);
        OptionGuard.Require(options.Optimizer is null || Enum.IsDefined(options.Optimizer.Value), nameof(options.Optimizer), "null, Sgd or AdamW", options.Optimizer);
        OptionGuard.Require(options.LearningRate is not { } lr || (double.IsFinite(lr) && lr > 0), nameof(options.LearningRate), "null or a positive finite number", options.LearningRate);
        OptionGuard.Require(options.WeightDecay is not { } wd || (double.IsFinite(wd) && wd >= 0), nameof(options.WeightDecay), "null or a finite number >= 0", options.WeightDecay);
        OptionGuard.Require(options.WarmupEpochs is null or >= 0, nameof(options.WarmupEpochs), "null or 0 or more", options.WarmupEpochs);
        OptionGuard.Require(options.LabelSmoothing is null or >= 0 and <= 1, nameof(options.LabelSmoothing), "null or in [0, 1]", options.LabelSmoothing);
        OptionGuard.Require(options.RandomErasing is null or >= 0 and <= 1, nameof(options.RandomErasing), "null or in [0, 1]", options.RandomErasing);
        OptionGuard.Require(options.FreezeBackboneEpochs >= 0, nameof(options.FreezeBackboneEpochs), "0 or more", options.FreezeBackboneEpochs);
        OptionGuard.Require(options.BackboneLearningRateScale is not { } scale || (double.IsFinite(scale) && scale > 0), nameof(options.BackboneLearningRateScale), "null or a positive finite number",
            options.BackboneLearningRateScale);
        OptionGuard.Require(options.ValidationFraction is null or > 0 and < 1, nameof(options.ValidationFraction), "null or strictly between 0 and 1", options.ValidationFraction);
        OptionGuard.Require(options.Threads is null or >= 1, nameof(options.Threads), "null or 1 or more", options.Threads);
        OptionGuard.Require(options.ResumeFrom is null || options.ResumeFrom.Trim().Length > 0, nameof(options.ResumeFrom), "null or a checkpoint path", options.ResumeFrom);
        if (!pretrained && (options.FreezeBackboneEpochs > 0 || options.BackboneLearningRateScale is not null))
        {
            throw new ArgumentException(
                "FreezeBackboneEpochs and BackboneLearningRateScale fine-tune pretrained features, but the network starts from scratch: leave them out, or start from pretrained weights.",
                nameof(options));
        }
    }

    /// <summary>The values of a run: the options over the preset.</summary>
    /// <exception cref="ArgumentException">The warm-up or the frozen epochs leave no epoch after them.</exception>
    public static RunSettings Resolve(TrainingRunOptions options, TrainingPreset preset, ITrainableClassifierFactory factory)
    {
        var epochs = options.Epochs ?? preset.Epochs;
        var optimizer = options.Optimizer ?? preset.Optimizer;
        var warmup = options.WarmupEpochs ?? preset.WarmupEpochsFor(epochs);
        OptionGuard.Require(warmup < epochs, nameof(options.WarmupEpochs), $"below Epochs ({epochs}): the cosine decay needs the epochs after the warm-up", warmup);
        OptionGuard.Require(options.FreezeBackboneEpochs == 0 || options.FreezeBackboneEpochs < epochs, nameof(options.FreezeBackboneEpochs),
            $"below Epochs ({epochs}), or the backbone never learns", options.FreezeBackboneEpochs);
        OptionGuard.Require(!string.IsNullOrEmpty(factory.ClassifierPrefix) || !factory.IsPretrained, "factory.ClassifierPrefix", "a parameter-name prefix such as \"fc.\"", factory.ClassifierPrefix);
        return new RunSettings
        {
            Preset = preset,
            Epochs = epochs,
            BatchSize = options.BatchSize ?? preset.BatchSize,
            Size = options.Size ?? preset.DefaultSize,
            Seed = options.Seed,
            Workers = options.Workers ?? preset.Workers,
            Optimizer = optimizer,
            LearningRate = options.LearningRate ?? preset.LearningRateFor(optimizer),
            WeightDecay = options.WeightDecay ?? preset.WeightDecayFor(optimizer),
            WarmupEpochs = warmup,
            LabelSmoothing = options.LabelSmoothing ?? preset.LabelSmoothing,
            RandomErasing = options.RandomErasing ?? preset.RandomErasing,
            Ema = options.Ema,
            ClassifierPrefix = factory.IsPretrained ? factory.ClassifierPrefix : null,
            FreezeBackboneEpochs = options.FreezeBackboneEpochs,
            BackboneLearningRateScale = options.BackboneLearningRateScale ?? 1.0,
        };
    }

    /// <summary>The trainer's options: the preset's optimizer, schedule and loss with the run's values.</summary>
    public TrainingOptions ToTrainingOptions(string outputFolder, ModelCard card) => new()
    {
        Epochs = Epochs,
        Optimizer = new OptimizerSettings
        {
            Kind = Optimizer,
            LearningRate = LearningRate,
            Momentum = Preset.SgdMomentum,
            WeightDecay = WeightDecay,
            NormWeightDecay = 0.0,
            BiasWeightDecay = 0.0,
        },
        Schedule = new ScheduleSettings
        {
            WarmupEpochs = WarmupEpochs,
            WarmupMethod = WarmupMethod.Linear,
            WarmupDecay = Preset.WarmupDecay,
            Decay = LearningRateDecay.Cosine,
            PerIteration = true,
        },
        LabelSmoothing = LabelSmoothing,
        Ema = Ema ? new EmaSettings(BatchSize) : null,
        FineTuning = ClassifierPrefix is { } prefix
            ? new FineTuningSettings(prefix) { FreezeBackboneEpochs = FreezeBackboneEpochs, BackboneLearningRateScale = BackboneLearningRateScale }
            : null,
        OutputDirectory = outputFolder,
        Card = card,
    };

    /// <summary>The values as the model card's <c>recipe_settings</c> (snake_case keys).</summary>
    public JsonElement ToJson()
    {
        var settings = new Dictionary<string, object?>
        {
            ["epochs"] = Epochs,
            ["batch_size"] = BatchSize,
            ["size"] = Size,
            ["seed"] = Seed,
            ["optimizer"] = Optimizer == OptimizerKind.Sgd ? "sgd" : "adamw",
            ["learning_rate"] = LearningRate,
            ["momentum"] = Optimizer == OptimizerKind.Sgd ? Preset.SgdMomentum : null,
            ["weight_decay"] = WeightDecay,
            ["norm_weight_decay"] = 0.0,
            ["bias_weight_decay"] = 0.0,
            ["lr_scheduler"] = "cosine, per step",
            ["lr_warmup_epochs"] = WarmupEpochs,
            ["lr_warmup_method"] = "linear",
            ["lr_warmup_decay"] = Preset.WarmupDecay,
            ["label_smoothing"] = LabelSmoothing,
            ["crop"] = Preset.Crop == PresetCrop.PaddedRandomCrop ? "padded-random-crop" : "random-resized-crop",
            ["horizontal_flip"] = Preset.HorizontalFlipProbability,
            ["random_erasing"] = RandomErasing,
            ["normalization"] = Preset.Normalization == PresetNormalization.ImageNet ? "imagenet" : "training-images",
            ["model_ema"] = Ema,
            ["fine_tuning"] = ClassifierPrefix is null
                ? null
                : new Dictionary<string, object>
                {
                    ["classifier_prefix"] = ClassifierPrefix,
                    ["freeze_backbone_epochs"] = FreezeBackboneEpochs,
                    ["backbone_lr_scale"] = BackboneLearningRateScale,
                },
            ["evaluation_batch_size"] = Preset.EvaluationBatchSize,
            ["workers"] = Workers,
        };
        return JsonSerializer.SerializeToElement(settings);
    }
}
