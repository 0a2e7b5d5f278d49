using System;
using System.Collections.Generic;

namespace TorchTraining.Metrics;

/// <summary>Counts of (true class, predicted class) pairs: rows are true classes, columns predictions (top-1).</summary>
public sealed class ConfusionMatrix
{
    private readonly long[] _counts;

    internal ConfusionMatrix(int classCount, long[] counts)
    {
        ClassCount = classCount;
        _counts = counts;
    }

    /// <summary>The number of classes (rows and columns).</summary>
    public int ClassCount { get; }

    /// <summary>How many images of class <paramref name="actual"/> were predicted as <paramref name="predicted"/>.</summary>
    public long this[int actual, int predicted]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(actual);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(actual, ClassCount);
            ArgumentOutOfRangeException.ThrowIfNegative(predicted);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(predicted, ClassCount);
            return _counts[(actual * ClassCount) + predicted];
        }
    }

    /// <summary>One row: the predictions for the images of class <paramref name="actual"/>.</summary>
    public IReadOnlyList<long> Row(int actual)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(actual);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(actual, ClassCount);
        return new ArraySegment<long>(_counts, actual * ClassCount, ClassCount);
    }
}
