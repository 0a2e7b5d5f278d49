using System.Collections.Generic;
using System.Threading;

namespace TorchTraining.Loading;

/// <summary>
/// Where a training or evaluation loop takes its batches from: a data loader, or tensors already in memory.
/// </summary>
/// <remarks>
/// The caller owns every <see cref="Batch"/> it receives and disposes it. Stopping an enumeration early (breaking out,
/// an exception, cancellation) and disposing the enumerator releases every batch not yet handed out.
/// </remarks>
public interface IBatchSource
{
    /// <summary>The number of images in one epoch.</summary>
    int ImageCount { get; }

    /// <summary>The number of batches in one epoch.</summary>
    int BatchCount { get; }

    /// <summary>The batches of one epoch, in order. The same epoch number gives the same batches.</summary>
    /// <param name="epoch">The epoch (0-based): it selects the shuffle order and the random augmentation.</param>
    /// <param name="cancellationToken">Stops the enumeration between batches.</param>
    IEnumerable<Batch> GetBatches(int epoch, CancellationToken cancellationToken = default);
}
