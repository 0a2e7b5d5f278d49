using System;
using System.Collections.Generic;
using TorchCheckpoints.Hub;
using TorchTraining.Datasets;
using TorchTraining.Step;
using TorchTraining.Transforms;

namespace TorchTraining.Runs;

/// <summary>
/// A named training recipe for an image classifier, after torchvision's <c>references/classification/presets.py</c>
/// (the augmentation and the evaluation transform) and <c>train.py</c> (optimizer, schedule, loss), scaled to small
/// data sets on a CPU. Four presets cover the two data layouts, from scratch or from pretrained features; every value
/// can be overridden per run in <see cref="TrainingRunOptions"/>, or in a copy (<c>preset with { Epochs = 10 }</c>).
/// </summary>
/// <remarks>
/// Common to all four: SGD with momentum 0.9 (learning rate 0.1, weight decay 5e-5) or AdamW (1e-3, 0.05), no weight
/// decay on normalisation layers and biases; a linear warm-up of 2 epochs from 0.01 of the rate (fewer for short runs:
/// the cosine decay needs an epoch after it), then cosine decay updated after every step; label smoothing 0.1; random
/// horizontal flips and random erasing with probability 0.1; 30 epochs of batches of 128 (an incomplete last batch is
/// left out), evaluation in batches of 256, 2 loader threads. The values were measured on Fashion-MNIST (see the
/// repository's BENCHMARKS.md).
/// </remarks>
public sealed record TrainingPreset
{
    private static readonly float[] ImageNetMean = [0.485f, 0.456f, 0.406f];
    private static readonly float[] ImageNetStd = [0.229f, 0.224f, 0.225f];

    /// <summary>
    /// <c>small-images</c>: from scratch on small centred images such as IDX data (MNIST, Fashion-MNIST). Training:
    /// <c>Resize(size)</c>, <c>RandomCrop(size, padding = max(1, size / 8))</c>, <c>RandomHorizontalFlip()</c>,
    /// <c>ToTensor()</c> with three channels, <c>Normalize</c> with the training images' own mean and std,
    /// <c>RandomErasing(0.1)</c>. Evaluation: <c>Resize(size)</c>, <c>CenterCrop(size)</c>. Default size 64.
    /// </summary>
    public static TrainingPreset SmallImages { get; } = new()
    {
        Name = "small-images",
        Description = "from scratch on small centred images (IDX data): resize, padded random crop, flip, the images' own normalisation",
        Crop = PresetCrop.PaddedRandomCrop,
        Normalization = PresetNormalization.TrainingImages,
        DefaultSize = 64,
        EvaluationResizeRatio = 1.0,
    };

    /// <summary>
    /// <c>image-folder</c>: from scratch on photographs in an image folder. Training: <c>RandomResizedCrop(size)</c>,
    /// <c>RandomHorizontalFlip()</c>, <c>ToTensor()</c>, <c>Normalize</c> (ImageNet's), <c>RandomErasing(0.1)</c>.
    /// Evaluation: <c>Resize(round(size × 256 / 224))</c>, <c>CenterCrop(size)</c>. Default size 224.
    /// </summary>
    public static TrainingPreset ImageFolder { get; } = new()
    {
        Name = "image-folder",
        Description = "from scratch on photographs (image folders): random resized crop, flip, ImageNet normalisation",
        Crop = PresetCrop.RandomResizedCrop,
        Normalization = PresetNormalization.ImageNet,
        DefaultSize = 224,
        EvaluationResizeRatio = 256.0 / 224.0,
    };

    /// <summary>
    /// <c>small-images-fine-tuning</c>: <see cref="SmallImages"/> from pretrained features: ImageNet's normalisation
    /// (the features were learnt with it) and a tenth of the learning rate; evaluation <c>Resize(size)</c>, <c>CenterCrop(size)</c>.
    /// </summary>
    public static TrainingPreset SmallImagesFineTuning { get; } = SmallImages with
    {
        Name = "small-images-fine-tuning",
        Description = "fine-tuning pretrained features on small centred images (IDX data): ImageNet normalisation, a tenth of the learning rate",
        Normalization = PresetNormalization.ImageNet,
        LearningRateScale = 0.1,
    };

    /// <summary><c>image-folder-fine-tuning</c>: <see cref="ImageFolder"/> from pretrained features, with a tenth of the learning rate.</summary>
    public static TrainingPreset ImageFolderFineTuning { get; } = ImageFolder with
    {
        Name = "image-folder-fine-tuning",
        Description = "fine-tuning pretrained features on photographs (image folders): a tenth of the learning rate",
        LearningRateScale = 0.1,
    };

    /// <summary>The four presets.</summary>
    public static IReadOnlyList<TrainingPreset> All { get; } = [SmallImages, ImageFolder, SmallImagesFineTuning, ImageFolderFineTuning];

    /// <summary>The preset's name, recorded in the model card's provenance (for example <c>small-images</c>).</summary>
    public required string Name { get; init; }

    /// <summary>One line saying what the preset is for.</summary>
    public string Description { get; init; } = string.Empty;

    /// <summary>How training images are cut to the input size.</summary>
    public PresetCrop Crop { get; init; }

    /// <summary>The normalisation of training and evaluation.</summary>
    public PresetNormalization Normalization { get; init; }

    /// <summary>The input size (height and width) when the run does not give one.</summary>
    public int DefaultSize { get; init; } = 224;

    /// <summary>The evaluation resize (shorter side) as a multiple of the input size, rounded: 1 resizes to the input size, 256/224 is ImageNet's; at least 1.</summary>
    public double EvaluationResizeRatio { get; init; } = 1.0;

    /// <summary>The probability of a horizontal flip of a training image; default 0.5.</summary>
    public double HorizontalFlipProbability { get; init; } = 0.5;

    /// <summary>The probability of random erasing of a training image (torchvision's <c>--random-erase</c>); default 0.1.</summary>
    public double RandomErasing { get; init; } = 0.1;

    /// <summary>The factor of the optimizer's learning rate: 1 from scratch, 0.1 for fine-tuning.</summary>
    public double LearningRateScale { get; init; } = 1.0;

    /// <summary>The optimizer; default SGD.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Sgd;

    /// <summary>SGD's learning rate before <see cref="LearningRateScale"/>; default 0.1.</summary>
    public double SgdLearningRate { get; init; } = 0.1;

    /// <summary>SGD's momentum; default 0.9.</summary>
    public double SgdMomentum { get; init; } = 0.9;

    /// <summary>SGD's weight decay (none on normalisation layers and biases); default 5e-5.</summary>
    public double SgdWeightDecay { get; init; } = 5e-5;

    /// <summary>AdamW's learning rate before <see cref="LearningRateScale"/>; default 1e-3.</summary>
    public double AdamWLearningRate { get; init; } = 1e-3;

    /// <summary>AdamW's decoupled weight decay (none on normalisation layers and biases); default 0.05.</summary>
    public double AdamWWeightDecay { get; init; } = 0.05;

    /// <summary>Epochs of linear warm-up (fewer for runs of fewer than 3 epochs, see <see cref="WarmupEpochsFor"/>); default 2.</summary>
    public int WarmupEpochs { get; init; } = 2;

    /// <summary>The warm-up's starting factor of the learning rate; default 0.01.</summary>
    public double WarmupDecay { get; init; } = 0.01;

    /// <summary>Label smoothing of the cross-entropy loss; default 0.1.</summary>
    public double LabelSmoothing { get; init; } = 0.1;

    /// <summary>The number of epochs; default 30.</summary>
    public int Epochs { get; init; } = 30;

    /// <summary>Training images per batch (an incomplete last batch is left out); default 128.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Evaluation images per batch; default 256.</summary>
    public int EvaluationBatchSize { get; init; } = 256;

    /// <summary>Background threads of each data loader; default 2.</summary>
    public int Workers { get; init; } = 2;

    /// <summary>The preset for a data layout: <see cref="SmallImages"/> for IDX data, <see cref="ImageFolder"/> for image folders, their fine-tuning forms for pretrained features.</summary>
    /// <param name="kind">The data's layout.</param>
    /// <param name="pretrained">Whether the network starts from pretrained features.</param>
    /// <returns>The preset.</returns>
    public static TrainingPreset For(ImageDataKind kind, bool pretrained) => (kind, pretrained) switch
    {
        (ImageDataKind.Idx, false) => SmallImages,
        (ImageDataKind.Idx, true) => SmallImagesFineTuning,
        (_, false) => ImageFolder,
        _ => ImageFolderFineTuning,
    };

    /// <summary>The base learning rate of an optimizer: its rate times <see cref="LearningRateScale"/>.</summary>
    /// <param name="kind">SGD or AdamW.</param>
    /// <returns>The rate.</returns>
    public double LearningRateFor(OptimizerKind kind) => (kind == OptimizerKind.Sgd ? SgdLearningRate : AdamWLearningRate) * LearningRateScale;

    /// <summary>The weight decay of an optimizer.</summary>
    /// <param name="kind">SGD or AdamW.</param>
    /// <returns>The weight decay.</returns>
    public double WeightDecayFor(OptimizerKind kind) => kind == OptimizerKind.Sgd ? SgdWeightDecay : AdamWWeightDecay;

    /// <summary>The warm-up of a run of <paramref name="epochs"/> epochs: <see cref="WarmupEpochs"/>, at most <paramref name="epochs"/> - 1 (the cosine decay needs the epochs after it).</summary>
    /// <param name="epochs">The run's epochs.</param>
    /// <returns>The warm-up epochs, 0 or more.</returns>
    public int WarmupEpochsFor(int epochs) => Math.Max(0, Math.Min(WarmupEpochs, epochs - 1));

    /// <summary>
    /// The evaluation transform at an input size: <c>Resize(round(size × <see cref="EvaluationResizeRatio"/>))</c>,
    /// <c>CenterCrop(size)</c>, three channels, the preset's normalisation.
    /// </summary>
    /// <param name="size">The input height and width, at least 1.</param>
    /// <param name="trainingImages">The training images, for <see cref="PresetNormalization.TrainingImages"/> (read once, every pixel); unused otherwise.</param>
    /// <returns>The transform (as a model card records it; <c>Compose.ForEvaluation</c> turns it into the pipeline).</returns>
    /// <exception cref="ArgumentException">The size is below 1, the ratio below 1, or the normalisation needs training images that are missing or empty.</exception>
    public ImageClassificationTransform EvaluationTransform(int size, IImageDataset? trainingImages = null)
    {
        OptionGuard.Require(size >= 1, "size", "1 or more", size);
        OptionGuard.Require(double.IsFinite(EvaluationResizeRatio) && EvaluationResizeRatio >= 1, "EvaluationResizeRatio", "a finite number >= 1", EvaluationResizeRatio);
        var resize = (int)Math.Round(size * EvaluationResizeRatio);
        if (Normalization == PresetNormalization.ImageNet)
        {
            return new ImageClassificationTransform(size, size, resize, ImageNetMean, ImageNetStd);
        }

        if (trainingImages is null)
        {
            throw new ArgumentException($"Preset '{Name}' normalises with the training images' own mean and std: pass the training images.", nameof(trainingImages));
        }

        var (mean, std) = GreyStatistics.Of(trainingImages);
        return new ImageClassificationTransform(size, size, resize, [mean, mean, mean], [std, std, std]);
    }

    /// <summary>
    /// The training augmentation at an input size: the preset's crop, <c>RandomHorizontalFlip</c>, <c>ToTensor()</c>
    /// with the channels of <paramref name="evaluation"/>, <c>Normalize</c> with its mean and std (training and
    /// evaluation normalise alike), then <c>RandomErasing</c> when its probability is above 0.
    /// </summary>
    /// <param name="size">The input height and width, at least 1.</param>
    /// <param name="evaluation">The evaluation transform of the same run (<see cref="EvaluationTransform"/>).</param>
    /// <param name="randomErasing">The random-erasing probability; null for <see cref="RandomErasing"/>.</param>
    /// <returns>The pipeline.</returns>
    /// <exception cref="ArgumentException">The size is below 1 or the probability outside [0, 1].</exception>
    public Compose TrainingTransform(int size, ImageClassificationTransform evaluation, double? randomErasing = null)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        OptionGuard.Require(size >= 1, "size", "1 or more", size);
        var erasing = randomErasing ?? RandomErasing;
        OptionGuard.Require(erasing is >= 0 and <= 1, "randomErasing", "in [0, 1]", erasing);
        var augment = new List<IImageTransform>();
        if (Crop == PresetCrop.PaddedRandomCrop)
        {
            augment.Add(new Resize(size));
            augment.Add(new RandomCrop(size, padding: Math.Max(1, size / 8)));
        }
        else
        {
            augment.Add(new RandomResizedCrop(size));
        }

        augment.Add(new RandomHorizontalFlip(HorizontalFlipProbability));
        var tensorTransforms = new List<ITensorTransform> { new Normalize(evaluation.Mean, evaluation.Std) };
        if (erasing > 0)
        {
            tensorTransforms.Add(new Transforms.RandomErasing(erasing));
        }

        return new Compose(augment, new ToTensor(channels: evaluation.Channels), tensorTransforms);
    }
}
