using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using TorchTraining.Metrics;
using TorchTraining.Step;

namespace TorchTraining.Checkpoints;

/// <summary>The JSON entry of a checkpoint (<c>checkpoint.json</c>): where training is, and everything that is not a tensor.</summary>
internal sealed class CheckpointManifest
{
    public const string FormatName = "TorchTraining.Checkpoint";
    public const int CurrentVersion = 1;

    /// <summary>The JSON settings (snake case, as metrics.jsonl; enums by name).</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = true,
    };

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

/// <summary>The sums of an epoch in progress, so that a resumed epoch ends with the same record as an uninterrupted one.</summary>
internal sealed class PartialEpoch
{
    public double LossSum { get; set; }

    public long Images { get; set; }

    public long Correct { get; set; }

    public double TrainSeconds { get; set; }

    public double LearningRate { get; set; }
}
