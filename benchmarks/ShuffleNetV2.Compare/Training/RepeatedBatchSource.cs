using System;
using System.Collections.Generic;
using System.Threading;
using TorchTraining.Loading;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Compare.Training;

/// <summary>
/// One random batch handed out again and again (as views, so nothing is copied), in an epoch too long to end: what a
/// training step costs without any data loading. pytorch_train_worker.py feeds its loop the same way.
/// </summary>
internal sealed class RepeatedBatchSource : IBatchSource, IDisposable
{
    private const int Batches = 1 << 20;
    private readonly Tensor _images;
    private readonly Tensor _labels;

    public RepeatedBatchSource(int batch, int size, int classes, ulong seed)
    {
        using var generator = new Generator(seed);
        _images = randn([batch, 3, size, size], generator: generator).DetachFromDisposeScope();
        _labels = randint(classes, [batch], ScalarType.Int64, generator: generator).DetachFromDisposeScope();
    }

    public int ImageCount => Batches * (int)_labels.shape[0];

    public int BatchCount => Batches;

    public IEnumerable<Batch> GetBatches(int epoch, CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < Batches; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new Batch(_images.alias().DetachFromDisposeScope(), _labels.alias().DetachFromDisposeScope());
        }
    }

    public void Dispose()
    {
        _images.Dispose();
        _labels.Dispose();
    }
}
