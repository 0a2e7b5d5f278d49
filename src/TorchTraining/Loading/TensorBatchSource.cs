using System;
using System.Collections.Generic;
using System.Threading;
using TorchShared;
using static TorchSharp.torch;

namespace TorchTraining.Loading;

/// <summary>
/// Batches of images and labels already in memory, in a seeded order per epoch: for tests, small data sets, and
/// benchmarks that compare a data loader against preloaded tensors.
/// </summary>
/// <remarks>
/// The source does not own the two tensors: keep them alive while it is used, and dispose them afterwards. Every batch
/// holds fresh tensors (a copy of its rows) on the device of the given tensors. The order of an epoch depends only on
/// the seed and the epoch number (never on torch's global random state), so an epoch can be replayed exactly.
/// </remarks>
public sealed class TensorBatchSource : IBatchSource
{
    private readonly Tensor _images;
    private readonly Tensor _labels;
    private readonly int _batchSize;
    private readonly bool _shuffle;
    private readonly long _seed;
    private readonly bool _dropLast;
    private readonly int _count;

    /// <summary>Creates a source over <paramref name="images"/> and <paramref name="labels"/>.</summary>
    /// <param name="images">Float32 images, [count, channels, height, width].</param>
    /// <param name="labels">Int64 class indices, [count], on the same device as the images.</param>
    /// <param name="batchSize">Images per batch (at least 1).</param>
    /// <param name="shuffle">Whether each epoch visits the images in its own random order (otherwise in stored order).</param>
    /// <param name="seed">Selects the orders of all epochs.</param>
    /// <param name="dropLast">Whether a last batch smaller than <paramref name="batchSize"/> is left out.</param>
    /// <exception cref="ArgumentException">The tensors have the wrong type, rank or lengths, or the batch size is below 1.</exception>
    public TensorBatchSource(Tensor images, Tensor labels, int batchSize, bool shuffle = true, long seed = 0, bool dropLast = false)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        if (images.dtype != ScalarType.Float32 || images.dim() != 4)
        {
            throw new ArgumentException($"images must be float32 [count, channels, height, width], got {images.dtype} {ShapeText.Format(images.shape)}.", nameof(images));
        }

        if (labels.dtype != ScalarType.Int64 || labels.dim() != 1 || labels.shape[0] != images.shape[0])
        {
            throw new ArgumentException($"labels must be int64 [{images.shape[0]}] (one per image), got {labels.dtype} {ShapeText.Format(labels.shape)}.", nameof(labels));
        }

        if (labels.device_type != images.device_type || labels.device_index != images.device_index)
        {
            throw new ArgumentException($"labels are on {labels.device} but images on {images.device}: put both on one device.", nameof(labels));
        }

        if (batchSize < 1)
        {
            throw new ArgumentException($"batchSize must be at least 1, got {batchSize}.", nameof(batchSize));
        }

        if (images.shape[0] > int.MaxValue)
        {
            throw new ArgumentException($"images holds {images.shape[0]} images, more than {int.MaxValue}.", nameof(images));
        }

        _images = images;
        _labels = labels;
        _batchSize = batchSize;
        _shuffle = shuffle;
        _seed = seed;
        _dropLast = dropLast;
        _count = (int)images.shape[0];
    }

    /// <inheritdoc />
    public int ImageCount => _dropLast ? BatchCount * _batchSize : _count;

    /// <inheritdoc />
    public int BatchCount => _dropLast ? _count / _batchSize : (_count + _batchSize - 1) / _batchSize;

    /// <inheritdoc />
    public IEnumerable<Batch> GetBatches(int epoch, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        return Enumerate(epoch, cancellationToken);
    }

    private IEnumerable<Batch> Enumerate(int epoch, CancellationToken cancellationToken)
    {
        using var order = Order(epoch);
        var batches = BatchCount;
        for (var b = 0; b < batches; b++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return Take(order, b);
        }
    }

    private Batch Take(Tensor order, int batch)
    {
        var start = (long)batch * _batchSize;
        var length = Math.Min(_batchSize, _count - start);
        using var scope = NewDisposeScope();
        using var rows = order.narrow(0, start, length);
        var images = _images.index_select(0, rows).DetachFromDisposeScope();
        var labels = _labels.index_select(0, rows).DetachFromDisposeScope();
        return new Batch(images, labels);
    }

    private Tensor Order(int epoch)
    {
        using var scope = NewDisposeScope();
        Tensor order;
        if (_shuffle)
        {
            using var generator = new Generator(EpochSeed(_seed, epoch));
            order = randperm(_count, ScalarType.Int64, generator: generator);
        }
        else
        {
            order = arange(_count, ScalarType.Int64);
        }

        return order.to(_images.device).DetachFromDisposeScope();
    }

    /// <summary>SplitMix64 of the seed and the epoch: neighbouring epochs and seeds get unrelated generator seeds.</summary>
    internal static ulong EpochSeed(long seed, int epoch)
    {
        unchecked
        {
            var z = (ulong)seed + (0x9E3779B97F4A7C15UL * ((ulong)epoch + 1));
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
