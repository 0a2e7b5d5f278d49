using System.Collections.Generic;
using TorchCheckpoints;
using TorchTraining.Metrics;
using TorchTraining.Step;

namespace TorchTraining.Checkpoints;

/// <summary>Where a checkpoint stands, read without its tensors (see <see cref="TrainingCheckpoint.ReadInfo"/>).</summary>
public sealed class CheckpointInfo
{
    internal CheckpointInfo(string path, CheckpointManifest manifest, ModelCard? card)
    {
        Card = card;
        Path = path;
        Epoch = manifest.Epoch;
        Step = manifest.Step;
        Epochs = manifest.Epochs;
        StepsPerEpoch = manifest.StepsPerEpoch;
        Optimizer = manifest.Optimizer;
        BestTop1 = manifest.BestTop1;
        BestEpoch = manifest.BestEpoch;
        HasEma = manifest.EmaUpdates is not null;
        History = manifest.History;
    }

    /// <summary>The checkpoint file.</summary>
    public string Path { get; }

    /// <summary>The epoch a resumed run starts with (0-based): the next one, or the interrupted one when <see cref="IsMidEpoch"/>.</summary>
    public int Epoch { get; }

    /// <summary>Steps of <see cref="Epoch"/> already done (0 at an epoch boundary).</summary>
    public int Step { get; }

    /// <summary>Whether the checkpoint was written inside an epoch (after a cancellation).</summary>
    public bool IsMidEpoch => Step > 0;

    /// <summary>The epochs the run was set up for.</summary>
    public int Epochs { get; }

    /// <summary>The steps per epoch of the training source.</summary>
    public int StepsPerEpoch { get; }

    /// <summary>The optimizer whose state the checkpoint holds.</summary>
    public OptimizerKind Optimizer { get; }

    /// <summary>The best test top-1 accuracy so far, or null before the first evaluation.</summary>
    public double? BestTop1 { get; }

    /// <summary>The epoch of <see cref="BestTop1"/>, or null.</summary>
    public int? BestEpoch { get; }

    /// <summary>Whether the checkpoint holds a moving average of the weights.</summary>
    public bool HasEma { get; }

    /// <summary>The model card the run stored in the checkpoint (<see cref="TrainingOptions.Card"/>), or null when it stored none.</summary>
    public ModelCard? Card { get; }

    /// <summary>The records of the finished epochs.</summary>
    public IReadOnlyList<EpochRecord> History { get; }
}
