using TorchSharp;

namespace TorchStats;

/// <summary>Options for <c>ModelStatistics.Analyze</c>.</summary>
public sealed class AnalysisOptions
{
    /// <summary>The counters per layer type; by default <see cref="CounterRegistry.CreateDefault"/>. The analysis uses a copy.</summary>
    public CounterRegistry Counters { get; init; } = CounterRegistry.CreateDefault();

    /// <summary>The device of the input; by default the device of the model's first parameter or buffer (CPU if it has none). For an analysis from a shape only; example tensors stay where they are.</summary>
    public torch.Device? Device { get; init; }

    /// <summary>The input's element type: a floating-point type, float32 by default (torchstat's only choice). For an analysis from a shape only; example tensors keep their own type.</summary>
    public torch.ScalarType InputType { get; init; } = torch.ScalarType.Float32;

    /// <summary>
    /// Which calls of a module that runs more than once make its rows: its last call (torchstat's way, the default) or
    /// every call, each a row of its own. Calls of functions (<c>torch.cat</c>, <c>functional.relu</c>, a residual
    /// <c>+</c>) are never counted, in either mode: only module calls can be observed.
    /// </summary>
    public CallCounting CallCounting { get; init; } = CallCounting.LastCall;
}
