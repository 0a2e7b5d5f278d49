using System;
using System.Diagnostics;
using static TorchSharp.torch;

namespace TorchStats;

/// <summary>
/// What the hooks saw of each leaf during the forward pass: shapes, element sizes, duration and call count of the last
/// call. Only plain values are kept: tensors are disposed by the model (Sequential frees intermediates) right after.
/// </summary>
internal sealed class LeafObservations
{
    private readonly long[] _startTimestamps;

    public LeafObservations(int leafCount)
    {
        Observable = new bool[leafCount];
        Calls = new int[leafCount];
        InputShapes = new long[leafCount][];
        OutputShapes = new long[leafCount][];
        InputElementSizes = new long[leafCount];
        OutputElementSizes = new long[leafCount];
        Durations = new TimeSpan[leafCount];
        _startTimestamps = new long[leafCount];
    }

    /// <summary>Whether the leaf could be hooked (it is a <c>Module&lt;Tensor, Tensor&gt;</c>).</summary>
    public bool[] Observable { get; }

    public int[] Calls { get; }

    public long[]?[] InputShapes { get; }

    public long[]?[] OutputShapes { get; }

    public long[] InputElementSizes { get; }

    public long[] OutputElementSizes { get; }

    public TimeSpan[] Durations { get; }

    /// <summary>The leaf whose forward has started and not completed, or -1.</summary>
    public int Running { get; private set; } = -1;

    /// <summary>The leaf that completed last, or -1.</summary>
    public int LastCompleted { get; private set; } = -1;

    public void Started(int leaf)
    {
        Running = leaf;
        _startTimestamps[leaf] = Stopwatch.GetTimestamp();
    }

    public void Completed(int leaf, Tensor input, Tensor output)
    {
        Durations[leaf] = Stopwatch.GetElapsedTime(_startTimestamps[leaf]);
        Calls[leaf]++;
        InputShapes[leaf] = input.shape;
        OutputShapes[leaf] = output.shape;
        InputElementSizes[leaf] = input.ElementSize;
        OutputElementSizes[leaf] = output.ElementSize;
        if (Running == leaf)
        {
            Running = -1;
        }

        LastCompleted = leaf;
    }
}
