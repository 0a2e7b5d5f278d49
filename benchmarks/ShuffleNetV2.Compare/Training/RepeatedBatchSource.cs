using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using TorchTraining.Loading;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Compare.Training;

/// <summary>
/// Batches held in memory and handed out again and again, in turn (as views, so nothing is copied), in an epoch too
/// long to end: what a training step costs without any data loading. Either one random batch (pytorch_train_worker.py
/// feeds its loop the same way) or batches taken from a real loader.
/// </summary>
internal sealed class RepeatedBatchSource : IBatchSource, IDisposable
{
    private const int Batches = 1 << 20;
    private readonly Batch[] _batches;

    public RepeatedBatchSource(int batch, int size, int classes, ulong seed)
    {
        using var generator = new Generator(seed);
        var images = randn([batch, 3, size, size], generator: generator).DetachFromDisposeScope();
        var labels = randint(classes, [batch], ScalarType.Int64, generator: generator).DetachFromDisposeScope();
        _batches = [new Batch(images, labels)];
    }

    /// <summary>Keeps the first <paramref name="count"/> batches of <paramref name="source"/>'s epoch <paramref name="epoch"/>, and owns them.</summary>
    public RepeatedBatchSource(IBatchSource source, int epoch, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _batches = source.GetBatches(epoch).Take(count).ToArray();
        if (_batches.Length < count || _batches.Any(b => b.Count != _batches[0].Count))
        {
            var sizes = string.Join(", ", _batches.Select(b => b.Count));
            foreach (var batch in _batches)
            {
                batch.Dispose();
            }

            throw new ArgumentException($"Expected {count} batches of one size from the source, got {_batches.Length} ({sizes}).", nameof(source));
        }
    }

    public int ImageCount => Batches * _batches[0].Count;

    public int BatchCount => Batches;

    /// <summary>The number of distinct batches held.</summary>
    public int DistinctBatches => _batches.Length;

    public IEnumerable<Batch> GetBatches(int epoch, CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < Batches; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = _batches[i % _batches.Length];
            yield return new Batch(batch.Images.alias().DetachFromDisposeScope(), batch.Labels.alias().DetachFromDisposeScope());
        }
    }

    public void Dispose()
    {
        foreach (var batch in _batches)
        {
            batch.Dispose();
        }
    }
}
