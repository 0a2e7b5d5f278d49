using System;
using TorchTraining.Loading;
using static TorchSharp.torch;

namespace TorchTraining.Tests.Support;

/// <summary>
/// Images of a few classes, each a fixed random 8x8 pattern under strong noise: learnable in a few epochs by a small
/// net, at chance (1 / classes) without training.
/// </summary>
internal sealed class SyntheticData : IDisposable
{
    private SyntheticData(Tensor trainImages, Tensor trainLabels, Tensor testImages, Tensor testLabels, int classes)
    {
        TrainImages = trainImages;
        TrainLabels = trainLabels;
        TestImages = testImages;
        TestLabels = testLabels;
        Classes = classes;
    }

    public Tensor TrainImages { get; }

    public Tensor TrainLabels { get; }

    public Tensor TestImages { get; }

    public Tensor TestLabels { get; }

    public int Classes { get; }

    public static SyntheticData Create(int train = 256, int test = 128, int classes = 4, double noise = 1.0, long seed = 5)
    {
        using var generator = new Generator((ulong)seed);
        using var scope = NewDisposeScope();
        var patterns = randn([classes, 1, 8, 8], generator: generator);
        (Tensor, Tensor) Make(int count)
        {
            var labels = arange(count, ScalarType.Int64).remainder(classes);
            var images = patterns.index_select(0, labels) + (randn([count, 1, 8, 8], generator: generator) * noise);
            return (images.DetachFromDisposeScope(), labels.DetachFromDisposeScope());
        }

        var (trainImages, trainLabels) = Make(train);
        var (testImages, testLabels) = Make(test);
        return new SyntheticData(trainImages, trainLabels, testImages, testLabels, classes);
    }

    public TensorBatchSource TrainSource(int batchSize = 32, long seed = 1, bool dropLast = false) => new(TrainImages, TrainLabels, batchSize, shuffle: true, seed, dropLast);

    public TensorBatchSource TestSource(int batchSize = 64) => new(TestImages, TestLabels, batchSize, shuffle: false);

    public void Dispose()
    {
        TrainImages.Dispose();
        TrainLabels.Dispose();
        TestImages.Dispose();
        TestLabels.Dispose();
    }
}
