using System;
using System.Collections.Generic;
using System.Threading;
using TorchTraining.Datasets;
using TorchTraining.Transforms;

namespace TorchTraining.Loading;

/// <summary>
/// Batches of a dataset through a transform pipeline, as torch's <c>DataLoader</c>: float32 images [N, C, H, W] and
/// int64 labels [N], an optional seeded shuffle per epoch, optional drop of the last partial batch, and background
/// workers that read, decode and augment ahead of the training step.
/// </summary>
/// <remarks>
/// Reproducible: the order of an epoch is a permutation drawn from (seed, epoch), and each sample's random transforms
/// draw from a stream of its own, <see cref="SampleRandom.ForSample"/>(seed, epoch, dataset index); so the same seed
/// gives bit-identical batches whatever the number of workers. Workers fill managed arrays; the tensors are made on the
/// enumerating thread as each batch is handed out, outside any dispose scope, and belong to the receiver. An exception
/// from the dataset or a transform (an unreadable image names its file) is rethrown on the enumerating thread when its
/// batch is due. Stopping early (break, exception, cancellation) stops and joins the workers and returns every buffer.
/// One enumeration at a time per loader is the intended use; concurrent enumerations are independent and safe.
/// </remarks>
public sealed class DataLoader : IBatchSource
{
    private readonly int _capacity;
    private int _runningWorkers;

    /// <summary>Creates the loader; nothing is read until an epoch is enumerated.</summary>
    /// <param name="dataset">The samples.</param>
    /// <param name="transform">The pipeline from each 8-bit image to its float tensor; every sample must come out the same size.</param>
    /// <param name="options">Batch size, shuffle, drop-last, workers, seed; null for the defaults.</param>
    /// <exception cref="ArgumentOutOfRangeException">The batch size is not positive, the worker count is negative, or the prefetch count is below 1.</exception>
    public DataLoader(IImageDataset dataset, Compose transform, DataLoaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(transform);
        options ??= new DataLoaderOptions();
        if (options.BatchSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.BatchSize, "DataLoaderOptions.BatchSize must be at least 1.");
        }

        if (options.Workers < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Workers, "DataLoaderOptions.Workers must be 0 (no background thread) or more.");
        }

        _capacity = options.PrefetchBatches ?? (2 * Math.Max(options.Workers, 1));
        if (_capacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.PrefetchBatches, "DataLoaderOptions.PrefetchBatches must be at least 1.");
        }

        Dataset = dataset;
        Transform = transform;
        Options = options;
    }

    /// <summary>The samples.</summary>
    public IImageDataset Dataset { get; }

    /// <summary>The transform pipeline.</summary>
    public Compose Transform { get; }

    /// <summary>The settings.</summary>
    public DataLoaderOptions Options { get; }

    /// <inheritdoc />
    /// <remarks>The images actually delivered: with <see cref="DataLoaderOptions.DropLast"/>, fewer than the dataset's.</remarks>
    public int ImageCount => Options.DropLast ? BatchCount * Options.BatchSize : Dataset.Count;

    /// <inheritdoc />
    public int BatchCount => EpochPlan.BatchCountFor(Dataset.Count, Options.BatchSize, Options.DropLast);

    /// <summary>Worker threads running now, over all enumerations of this loader (for tests).</summary>
    internal int RunningWorkers => Volatile.Read(ref _runningWorkers);

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">The epoch is negative.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled (thrown between batches).</exception>
    public IEnumerable<Batch> GetBatches(int epoch, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        return Enumerate(epoch, cancellationToken);
    }

    private IEnumerable<Batch> Enumerate(int epoch, CancellationToken cancellationToken)
    {
        var plan = new EpochPlan(Dataset.Count, Options.BatchSize, Options.DropLast, Options.Shuffle, Options.Seed, epoch);
        var producer = new BatchProducer(Dataset, Transform, plan, Options.Seed, epoch);
        using var background = Options.Workers > 0 && plan.BatchCount > 0
            ? new BackgroundBatches(producer, plan.BatchCount, Options.Workers, _capacity, change => Interlocked.Add(ref _runningWorkers, change))
            : null;
        for (var batch = 0; batch < plan.BatchCount; batch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var data = background is null ? producer.Produce(batch, cancellationToken) : background.Take(batch, cancellationToken);
            Batch result;
            try
            {
                result = data.ToBatch();
            }
            finally
            {
                data.Release();
            }

            yield return result;
        }
    }
}
