using System;
using static TorchSharp.torch;

namespace TorchTraining.Loading;

/// <summary>
/// One batch of images and their labels, owned by whoever received it: dispose it when the step is done. Its tensors
/// are not in any dispose scope.
/// </summary>
public sealed class Batch : IDisposable
{
    /// <summary>Wraps the two tensors of a batch; the batch owns them from now on.</summary>
    /// <param name="images">Float32 images, [count, channels, height, width].</param>
    /// <param name="labels">Int64 class indices, [count].</param>
    public Batch(Tensor images, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        Images = images;
        Labels = labels;
    }

    /// <summary>Float32 images, [count, channels, height, width].</summary>
    public Tensor Images { get; }

    /// <summary>Int64 class indices, [count].</summary>
    public Tensor Labels { get; }

    /// <summary>The number of images.</summary>
    public int Count => (int)Labels.shape[0];

    /// <inheritdoc />
    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
