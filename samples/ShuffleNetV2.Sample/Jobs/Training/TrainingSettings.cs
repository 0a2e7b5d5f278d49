using TorchTraining.Step;

namespace ShuffleNet.Torch.Sample;

/// <summary>Everything train was asked for; null means "the preset's default" (see TorchTraining.Runs.TrainingPreset).</summary>
internal sealed record TrainingSettings
{
    public required string DataPath { get; init; }

    public required string OutputFolder { get; init; }

    public ShuffleNetV2Width? Width { get; init; }

    public int? Epochs { get; init; }

    public int? Batch { get; init; }

    public int Seed { get; init; }

    public string? WeightsPath { get; init; }

    public string? ResumePath { get; init; }

    public int? Size { get; init; }

    public int? Workers { get; init; }

    public OptimizerKind? Optimizer { get; init; }

    public double? LearningRate { get; init; }

    public double? WeightDecay { get; init; }

    public int? WarmupEpochs { get; init; }

    public double? LabelSmoothing { get; init; }

    public double? RandomErasing { get; init; }

    public bool Ema { get; init; }

    public int FreezeBackboneEpochs { get; init; }

    public double? BackboneLearningRateScale { get; init; }

    public bool SkipUnreadable { get; init; }

    public double? ValidationFraction { get; init; }

    public int? Threads { get; init; }

    public OutputFormat Format { get; init; } = OutputFormat.Table;
}
