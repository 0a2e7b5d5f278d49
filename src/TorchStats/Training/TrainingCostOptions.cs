using TorchSharp;

namespace TorchStats;

/// <summary>Options for <see cref="ModelStatistics.AnalyzeTraining"/>: the batch, the optimizer and which parameters are trained.</summary>
public sealed class TrainingCostOptions
{
    /// <summary>
    /// The batch of the training step, or null for the analysed input's batch. The analysis can run on a batch of 1
    /// and report any batch: every cost that depends on the batch is per image times the batch.
    /// </summary>
    public long? Batch { get; init; }

    /// <summary>The optimizer; SGD with momentum by default.</summary>
    public TrainingOptimizer Optimizer { get; init; } = TrainingOptimizer.SgdMomentum;

    /// <summary>Which parameters are trained; all by default.</summary>
    public TrainableParameters Trainable { get; init; } = TrainableParameters.All;

    /// <summary>
    /// What the process holds beyond its tensors: by default <see cref="ProcessOverhead.GlibcDefaults"/> (TorchSharp on the
    /// CPU under Linux, glibc's malloc untuned); <see cref="ProcessOverhead.None"/> for the tensors alone.
    /// </summary>
    public ProcessOverhead Process { get; init; } = ProcessOverhead.GlibcDefaults;

    /// <summary>The counters per layer type, for the forward multiply-accumulates; by default <see cref="CounterRegistry.CreateDefault"/>.</summary>
    public CounterRegistry Counters { get; init; } = CounterRegistry.CreateDefault();

    /// <summary>The device of the input; by default the device of the model's first parameter or buffer (CPU if it has none).</summary>
    public torch.Device? Device { get; init; }

    /// <summary>The input's element type: a floating-point type, float32 by default.</summary>
    public torch.ScalarType InputType { get; init; } = torch.ScalarType.Float32;
}
