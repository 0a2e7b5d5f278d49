using System;
using System.Threading;
using TorchTraining.Datasets;
using TorchTraining.Transforms;

namespace TorchTraining.Loading;

/// <summary>Reads and transforms the samples of one batch into managed arrays. Thread-safe: workers share one.</summary>
internal sealed class BatchProducer(IImageDataset dataset, Compose transform, EpochPlan plan, int seed, int epoch)
{
    public BatchData Produce(int batch, CancellationToken cancellationToken)
    {
        var indices = plan.Indices(batch);
        var labels = new long[indices.Length];
        float[]? buffer = null;
        var (channels, height, width) = (0, 0, 0);
        try
        {
            for (var i = 0; i < indices.Length; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var index = indices[i];
                var sample = dataset.Get(index);
                if (sample.Image is null || sample.Label >= dataset.Classes.Count)
                {
                    throw new InvalidOperationException($"Sample {index} of the dataset has {(sample.Image is null ? "no image" : $"label {sample.Label}, outside its {dataset.Classes.Count} classes")}.");
                }

                var random = SampleRandom.ForSample(seed, epoch, index);
                var image = transform.ApplyImageTransforms(sample.Image, random);
                var shape = transform.OutputShape(image);
                if (buffer is null)
                {
                    (channels, height, width) = shape;
                    buffer = BatchData.RentBuffer(checked(indices.Length * channels * height * width));
                }
                else if (shape != (channels, height, width))
                {
                    throw new InvalidOperationException(
                        $"Sample {index} transforms to {shape.Channels}×{shape.Height}×{shape.Width}, the batch's first sample to {channels}×{height}×{width}: the transforms must give one size (end them with a crop or a fixed resize).");
                }

                var size = channels * height * width;
                transform.WriteTensor(image, buffer.AsSpan(i * size, size), random);
                labels[i] = sample.Label;
            }

            return new BatchData(buffer!, labels, channels, height, width);
        }
        catch
        {
            if (buffer is not null)
            {
                BatchData.ReturnBuffer(buffer);
            }

            throw;
        }
    }
}
