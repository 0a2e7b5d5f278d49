using TorchTraining.Step;

namespace TorchTraining;

/// <summary>
/// Everything a <see cref="Trainer"/> run needs besides the model and the data, after torchvision's
/// references/classification/train.py (whose names are given in each member's documentation).
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>The number of epochs of the whole run (<c>--epochs</c>), also the length the schedule and the EMA decay are computed for.</summary>
    public required int Epochs { get; init; }

    /// <summary>The optimizer, its learning rate and weight decay.</summary>
    public OptimizerSettings Optimizer { get; init; } = new();

    /// <summary>The learning-rate schedule.</summary>
    public ScheduleSettings Schedule { get; init; } = new();

    /// <summary>Label smoothing of the cross-entropy loss (<c>--label-smoothing</c>), in [0, 1]; default 0.</summary>
    public double LabelSmoothing { get; init; }

    /// <summary>The largest total gradient norm (<c>--clip-grad-norm</c>): gradients are scaled down to it; null (the default) for no clipping.</summary>
    public double? ClipGradNorm { get; init; }

    /// <summary>A moving average of the weights (<c>--model-ema</c>), evaluated after every epoch; null (the default) for none.</summary>
    public EmaSettings? Ema { get; init; }

    /// <summary>Fine-tuning: the classifier's name, a frozen or slower backbone; null (the default) to train all parameters alike.</summary>
    public FineTuningSettings? FineTuning { get; init; }

    /// <summary>
    /// The folder for checkpoints (<c>last.ckpt</c>, <c>best.ckpt</c>) and metrics (<c>metrics.csv</c>,
    /// <c>metrics.jsonl</c>), created when missing; null (the default) to write nothing. A folder that holds the
    /// <c>last.ckpt</c> of another run is refused when training starts: resume from it, or choose another folder.
    /// </summary>
    public string? OutputDirectory { get; init; }

    /// <summary>
    /// The model card to store inside every checkpoint (entry <c>model.json</c>), so that a checkpoint alone says what
    /// network, classes and evaluation transform it holds (<see cref="Checkpoints.CheckpointInfo.Card"/>); null (the
    /// default) stores none.
    /// </summary>
    public TorchCheckpoints.ModelCard? Card { get; init; }

    /// <summary>
    /// Opt-in: on Linux with glibc, raise malloc's mmap and trim thresholds for this process when the trainer is
    /// created, so that the activations freed after each step are reused by the next instead of being returned to the
    /// system and faulted in again (measured on a small CNN at 64x64, batch 128: 378 instead of 513 CPU-ms per
    /// step, see BENCHMARKS.md). Off by default because the setting is process-wide and cannot be undone: it stays for
    /// the rest of the process (inference afterwards included) and the resident memory stays near the training step's
    /// peak. An application that trains may turn it on (the command line does); elsewhere (Windows, macOS, musl)
    /// nothing changes either way.
    /// </summary>
    public bool TuneGlibcAllocator { get; init; }

    /// <summary>
    /// Whether the trainer hands the model its 4-D image batches in the channels-last (NHWC) memory layout, in the
    /// training steps and in its evaluations: PyTorch's <c>images.to(memory_format=torch.channels_last)</c>, which
    /// TorchSharp has no API for. libtorch's convolutions, BatchNorm, activations and pooling keep the input's layout,
    /// so the whole network runs channels-last, where oneDNN's depthwise and 1×1 convolutions are faster on the CPU
    /// (BENCHMARKS.md). The values are the same up to float rounding; the parameters keep their layout, and
    /// checkpoints hold the standard layout either way. Default <see langword="false"/>: batches as the loader makes them.
    /// </summary>
    public bool ChannelsLast { get; init; }

    internal void Validate()
    {
        OptionGuard.Require(Epochs >= 1, "Epochs", "1 or more", Epochs);
        OptionGuard.Require(Optimizer is not null, "Optimizer", "set", null);
        OptionGuard.Require(Schedule is not null, "Schedule", "set", null);
        Optimizer!.Validate();
        Schedule!.Validate(Epochs);
        OptionGuard.Require(LabelSmoothing >= 0 && LabelSmoothing <= 1, "LabelSmoothing", "in [0, 1]", LabelSmoothing);
        OptionGuard.Require(ClipGradNorm is not { } clip || (double.IsFinite(clip) && clip > 0), "ClipGradNorm", "null or a positive finite number", ClipGradNorm);
        Ema?.Validate();
        FineTuning?.Validate();
        OptionGuard.Require(OutputDirectory is null || OutputDirectory.Length > 0, "OutputDirectory", "null or a folder path", OutputDirectory);
    }
}
