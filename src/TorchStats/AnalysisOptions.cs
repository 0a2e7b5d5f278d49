using TorchSharp;

namespace TorchStats;

/// <summary>Options for <see cref="ModelStatistics.Analyze"/>.</summary>
public sealed class AnalysisOptions
{
    /// <summary>The counters per layer type; by default <see cref="CounterRegistry.CreateDefault"/>. The analysis uses a copy.</summary>
    public CounterRegistry Counters { get; init; } = CounterRegistry.CreateDefault();

    /// <summary>The device of the input; by default the device of the model's first parameter or buffer (CPU if it has none).</summary>
    public torch.Device? Device { get; init; }

    /// <summary>The input's element type: a floating-point type, float32 by default (torchstat's only choice).</summary>
    public torch.ScalarType InputType { get; init; } = torch.ScalarType.Float32;
}
