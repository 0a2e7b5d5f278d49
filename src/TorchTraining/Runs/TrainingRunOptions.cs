using System.Collections.Generic;
using TorchTraining.Step;

namespace TorchTraining.Runs;

/// <summary>
/// What a <see cref="TrainingRun"/> trains on, where it writes, and what it changes of its <see cref="Preset"/>: every
/// nullable member left null takes the preset's value.
/// </summary>
public sealed record TrainingRunOptions
{
    /// <summary>The data folder: MNIST-layout IDX files, or an image folder (one subfolder per class, or <c>train/</c> and <c>val/</c>); see <see cref="Datasets.ImageData"/>.</summary>
    public required string DataPath { get; init; }

    /// <summary>
    /// The run folder: checkpoints and metrics after every epoch, the network's files, the charts and the model card
    /// (<c>model.json</c>, written last) at the end. Created by <see cref="TrainingRun.Run"/>; it must not hold another
    /// run unless that run is resumed (<see cref="Resume"/>).
    /// </summary>
    public required string OutputFolder { get; init; }

    /// <summary>The recipe; null chooses it from the data layout and whether the network is pretrained (<see cref="TrainingPreset.For"/>).</summary>
    public TrainingPreset? Preset { get; init; }

    /// <summary>The number of epochs; null for the preset's.</summary>
    public int? Epochs { get; init; }

    /// <summary>Training images per batch; null for the preset's.</summary>
    public int? BatchSize { get; init; }

    /// <summary>The input height and width in pixels; null for the preset's default size.</summary>
    public int? Size { get; init; }

    /// <summary>
    /// The seed of the network's initialisation (torch's CPU generator is seeded with it before the network is
    /// built), of the shuffling and augmentation, and of an image folder's split; default 0.
    /// </summary>
    public int Seed { get; init; }

    /// <summary>Background threads of each data loader (0: none); null for the preset's.</summary>
    public int? Workers { get; init; }

    /// <summary>SGD or AdamW; null for the preset's.</summary>
    public OptimizerKind? Optimizer { get; init; }

    /// <summary>The base learning rate; null for the preset's rate for the optimizer (times its fine-tuning scale).</summary>
    public double? LearningRate { get; init; }

    /// <summary>The weight decay (none on normalisation layers and biases either way); null for the preset's for the optimizer.</summary>
    public double? WeightDecay { get; init; }

    /// <summary>Epochs of linear warm-up, below <see cref="Epochs"/>; null for the preset's (fewer for short runs).</summary>
    public int? WarmupEpochs { get; init; }

    /// <summary>Label smoothing of the loss, in [0, 1]; null for the preset's.</summary>
    public double? LabelSmoothing { get; init; }

    /// <summary>The random-erasing probability, in [0, 1] (0: none); null for the preset's.</summary>
    public double? RandomErasing { get; init; }

    /// <summary>Whether to keep and evaluate a moving average of the weights (torchvision's <c>--model-ema</c>, its defaults); default false.</summary>
    public bool Ema { get; init; }

    /// <summary>Pretrained networks only: epochs at the start during which only the classifier learns, below <see cref="Epochs"/>; default 0.</summary>
    public int FreezeBackboneEpochs { get; init; }

    /// <summary>Pretrained networks only: the backbone's learning rate as a multiple of the classifier's; null for 1.</summary>
    public double? BackboneLearningRateScale { get; init; }

    /// <summary>Image folders without <c>train/</c> and <c>val/</c> only: the fraction of each class kept for testing, strictly between 0 and 1; null for 0.2.</summary>
    public double? ValidationFraction { get; init; }

    /// <summary>Image folders only: leave out the image files that cannot be decoded (each file is decoded once when the data is opened) instead of failing on the first.</summary>
    public bool SkipUnreadableFiles { get; init; }

    /// <summary>Image folders only: the class names in label order (every subfolder must be one); null for the subfolders' names sorted.</summary>
    public IReadOnlyList<string>? Classes { get; init; }

    /// <summary>Continue the run in <see cref="OutputFolder"/> from its <c>last.ckpt</c> (which must exist); default false.</summary>
    public bool Resume { get; init; }

    /// <summary>
    /// Continue from this checkpoint (<c>last.ckpt</c> or <c>best.ckpt</c> of a run, in <see cref="OutputFolder"/> or
    /// elsewhere; elsewhere, the output folder must hold no run); null for <see cref="Resume"/>'s choice.
    /// </summary>
    public string? ResumeFrom { get; init; }

    /// <summary>
    /// TorchSharp's CPU threads during the run; null (default) leaves the count as it is. The setting is process-wide
    /// (<c>torch.set_num_threads</c>): it changes every TorchSharp computation of the process while the run lasts,
    /// and the previous count is put back when <see cref="TrainingRun.Run"/> returns.
    /// </summary>
    public int? Threads { get; init; }

    /// <summary>
    /// Opt-in: the trainer's <see cref="TrainingOptions.TuneGlibcAllocator"/> (faster steps on Linux with glibc; a
    /// process-wide setting that stays). Default false.
    /// </summary>
    public bool TuneGlibcAllocator { get; init; }

    /// <summary>
    /// Opt-in: the trainer's <see cref="TrainingOptions.ChannelsLast"/> (channels-last batches in the steps and the
    /// evaluations: faster training steps on the CPU for networks whose layers keep that layout; the same values up to
    /// float rounding, and checkpoints in the standard layout). Default false.
    /// </summary>
    public bool ChannelsLast { get; init; }
}
