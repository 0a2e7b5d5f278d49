using System;
using System.Linq;
using FluentAssertions;
using TorchTraining.Loading;
using Xunit;
using static TorchSharp.torch;

namespace TorchTraining.Tests.Loading;

public sealed class TensorBatchSourceTests : IDisposable
{
    private readonly Tensor _images = arange(10 * 2 * 2, ScalarType.Float32).reshape(10, 1, 2, 2);
    private readonly Tensor _labels = arange(10, ScalarType.Int64);

    public void Dispose()
    {
        _images.Dispose();
        _labels.Dispose();
    }

    [Theory]
    [InlineData(false, 3, 10)]
    [InlineData(true, 2, 8)]
    public void Counts_TenImagesInBatchesOfFour_DependOnDropLast(bool dropLast, int batches, int images)
    {
        var source = new TensorBatchSource(_images, _labels, 4, dropLast: dropLast);

        source.BatchCount.Should().Be(batches);
        source.ImageCount.Should().Be(images);
        Labels(source, 0).Select(b => b.Length).Should().Equal(dropLast ? [4, 4] : new[] { 4, 4, 2 });
    }

    [Fact]
    public void GetBatches_Shuffled_EveryImageOncePerEpochWithItsOwnLabel()
    {
        var source = new TensorBatchSource(_images, _labels, 3, seed: 7);

        foreach (var batch in source.GetBatches(2))
        {
            using (batch)
            {
                var firstPixels = batch.Images.select(1, 0).select(1, 0).select(1, 0).data<float>().ToArray();
                firstPixels.Should().Equal(batch.Labels.data<long>().ToArray().Select(l => l * 4f));
            }
        }

        Labels(source, 2).SelectMany(b => b).Order().Should().Equal(Enumerable.Range(0, 10).Select(i => (long)i));
    }

    [Fact]
    public void GetBatches_SameEpochAndSeed_SameOrder_OtherEpochOtherOrder()
    {
        var source = new TensorBatchSource(_images, _labels, 4, seed: 7);
        var again = new TensorBatchSource(_images, _labels, 4, seed: 7);

        Flat(source, 1).Should().Equal(Flat(again, 1));
        Flat(source, 1).Should().NotEqual(Flat(source, 2));
        Flat(source, 1).Should().NotEqual(Flat(new TensorBatchSource(_images, _labels, 4, seed: 8), 1));
    }

    [Fact]
    public void GetBatches_SameEpoch_IndependentOfTorchsGlobalRandomState()
    {
        var source = new TensorBatchSource(_images, _labels, 4, seed: 7);
        random.manual_seed(1);
        var first = Flat(source, 0);
        random.manual_seed(2);

        Flat(source, 0).Should().Equal(first);
    }

    [Fact]
    public void GetBatches_NotShuffled_StoredOrder()
    {
        Flat(new TensorBatchSource(_images, _labels, 4, shuffle: false), 5).Should().Equal(Enumerable.Range(0, 10).Select(i => (long)i));
    }

    [Fact]
    public void GetBatches_LeaveNoTensorBehindOnceDisposed()
    {
        var source = new TensorBatchSource(_images, _labels, 4);
        Flat(source, 0);
        var before = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        Flat(source, 1);
        foreach (var batch in source.GetBatches(2))
        {
            batch.Dispose();
            break;
        }

        TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount.Should().Be(before);
    }

    [Fact]
    public void Constructor_LabelsOfOtherLength_ThrowsNamingTheShapes()
    {
        using var labels = arange(9, ScalarType.Int64);

        var act = () => new TensorBatchSource(_images, labels, 4);

        act.Should().Throw<ArgumentException>().WithMessage("labels must be int64 [10] (one per image), got Int64 [9].*");
    }

    [Fact]
    public void Constructor_BatchSizeZero_Throws()
    {
        var act = () => new TensorBatchSource(_images, _labels, 0);

        act.Should().Throw<ArgumentException>().WithMessage("batchSize must be at least 1, got 0.*");
    }

    private static long[][] Labels(TensorBatchSource source, int epoch) =>
        source.GetBatches(epoch).Select(batch =>
        {
            using (batch)
            {
                return batch.Labels.data<long>().ToArray();
            }
        }).ToArray();

    private static long[] Flat(TensorBatchSource source, int epoch) => Labels(source, epoch).SelectMany(b => b).ToArray();
}
