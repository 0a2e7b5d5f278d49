namespace TorchTraining.Loading;

/// <summary>How a <see cref="DataLoader"/> batches a dataset (torch's <c>DataLoader</c> arguments, plus a seed).</summary>
public sealed class DataLoaderOptions
{
    /// <summary>Images per batch (default 64).</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>A new seeded order every epoch (true for training) instead of the dataset's order.</summary>
    public bool Shuffle { get; init; }

    /// <summary>Leave out the last batch when it would be smaller than <see cref="BatchSize"/>.</summary>
    public bool DropLast { get; init; }

    /// <summary>Background threads that read and transform batches (default 1); 0 does everything on the thread that enumerates.</summary>
    public int Workers { get; init; } = 1;

    /// <summary>How many batches may be ready or in preparation ahead of the consumer; null for 2 per worker (torch's
    /// prefetch_factor). At least <see cref="Workers"/> for every worker to be busy.</summary>
    public int? PrefetchBatches { get; init; }

    /// <summary>The seed of the shuffle and of the random transforms: the same seed, epoch and dataset give bit-identical batches,
    /// whatever the number of workers.</summary>
    public int Seed { get; init; }
}
