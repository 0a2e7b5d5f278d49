using System.Collections.Generic;
using TorchTraining.Metrics;
using TorchTraining.Step;

namespace TorchTraining.Checkpoints;

/// <summary>The JSON entry of a checkpoint: where training is, and everything that is not a tensor.</summary>
internal sealed class CheckpointManifest
{
    public const string FormatName = "TorchTraining.Checkpoint";
    public const int CurrentVersion = 1;

    public string Format { get; set; } = FormatName;

    public int Version { get; set; } = CurrentVersion;

    /// <summary>The epoch that runs next, or is in progress when <see cref="Step"/> is above 0.</summary>
    public int Epoch { get; set; }

    /// <summary>Steps of <see cref="Epoch"/> already done; equal to <see cref="StepsPerEpoch"/> when only its evaluation is left.</summary>
    public int Step { get; set; }

    public int Epochs { get; set; }

    public int StepsPerEpoch { get; set; }

    public OptimizerKind Optimizer { get; set; }

    public List<string> ParameterGroups { get; set; } = [];

    public double? BestTop1 { get; set; }

    public int? BestEpoch { get; set; }

    public double? EmaDecay { get; set; }

    public long? EmaUpdates { get; set; }

    public PartialEpoch? Partial { get; set; }

    public List<EpochRecord> History { get; set; } = [];
}
