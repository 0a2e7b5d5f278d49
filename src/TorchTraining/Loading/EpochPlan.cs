using System;
using System.Linq;
using TorchTraining.Transforms;

namespace TorchTraining.Loading;

/// <summary>Which dataset indices make up each batch of one epoch.</summary>
internal sealed class EpochPlan
{
    private readonly int[] _order;

    public EpochPlan(int count, int batchSize, bool dropLast, bool shuffle, int seed, int epoch)
    {
        _order = Enumerable.Range(0, count).ToArray();
        if (shuffle)
        {
            SampleRandom.ForShuffle(seed, epoch).Shuffle(_order);
        }

        BatchSize = batchSize;
        BatchCount = BatchCountFor(count, batchSize, dropLast);
    }

    public int BatchSize { get; }

    public int BatchCount { get; }

    public static int BatchCountFor(int count, int batchSize, bool dropLast) => dropLast ? count / batchSize : (count + batchSize - 1) / batchSize;

    /// <summary>The dataset indices of batch <paramref name="batch"/>, in order.</summary>
    public ReadOnlySpan<int> Indices(int batch)
    {
        var start = batch * BatchSize;
        return _order.AsSpan(start, Math.Min(BatchSize, _order.Length - start));
    }
}
