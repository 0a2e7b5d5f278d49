using System;
using System.Collections.Generic;
using System.Diagnostics;
using static TorchSharp.torch;

namespace TorchStats;

/// <summary>
/// What the hooks saw of each leaf during the forward pass: every call's shapes, element sizes and duration, in call
/// order. Only plain values are kept: tensors are disposed by the model (Sequential frees intermediates) right after.
/// </summary>
internal sealed class LeafObservations
{
    private readonly long[] _startTimestamps;

    public LeafObservations(int leafCount)
    {
        Observable = new bool[leafCount];
        Calls = new List<ObservedCall>[leafCount];
        for (var i = 0; i < leafCount; i++)
        {
            Calls[i] = [];
        }

        _startTimestamps = new long[leafCount];
    }

    /// <summary>Whether the leaf could be hooked (it is a <c>Module&lt;Tensor, Tensor&gt;</c>).</summary>
    public bool[] Observable { get; }

    /// <summary>Each leaf's calls, in the order they completed.</summary>
    public List<ObservedCall>[] Calls { get; }

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
        var duration = Stopwatch.GetElapsedTime(_startTimestamps[leaf]);
        Calls[leaf].Add(new ObservedCall(input.shape, output.shape, input.ElementSize, output.ElementSize, duration));
        if (Running == leaf)
        {
            Running = -1;
        }

        LastCompleted = leaf;
    }
}

/// <summary>One call of a leaf: shapes, element sizes and wall time.</summary>
internal sealed record ObservedCall(long[] InputShape, long[] OutputShape, long InputElementSize, long OutputElementSize, TimeSpan Duration);
