using System.Collections.Generic;
using System.Threading;
using TorchTraining.Loading;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Compare.Training;

/// <summary>
/// Passes another source's batches through, with the images converted to <paramref name="dtype"/> (the parity runs
/// train in float32 or float64), and records per batch the float64 sums of its images, of their squares and of its
/// labels: the parity run prints them so that the PyTorch side can show it trained on the same numbers.
/// </summary>
internal sealed class ChecksummedBatches(IBatchSource inner, ScalarType dtype) : IBatchSource
{
    public List<double[]> Sums { get; } = [];

    public int ImageCount => inner.ImageCount;

    public int BatchCount => inner.BatchCount;

    public IEnumerable<Batch> GetBatches(int epoch, CancellationToken cancellationToken = default)
    {
        foreach (var batch in inner.GetBatches(epoch, cancellationToken))
        {
            using (NewDisposeScope())
            {
                var images = batch.Images.to_type(ScalarType.Float64);
                Sums.Add([images.sum().item<double>(), images.square().sum().item<double>(), batch.Labels.sum().item<long>()]);
            }

            if (batch.Images.dtype == dtype)
            {
                yield return batch;
                continue;
            }

            using (batch)
            {
                yield return new Batch(batch.Images.to_type(dtype).DetachFromDisposeScope(), batch.Labels.clone().DetachFromDisposeScope());
            }
        }
    }
}
