using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using FluentAssertions;
using TorchImaging;
using TorchSharp;
using TorchTraining.Datasets;
using TorchTraining.Loading;
using TorchTraining.Tests.Support;
using TorchTraining.Transforms;
using Xunit;
using static TorchSharp.torch;

namespace TorchTraining.Tests.Loading;

public sealed class DataLoaderTests
{
    private static readonly Compose Augmented = new(
        [new RandomCrop(28, padding: 4), new RandomHorizontalFlip()],
        new ToTensor(),
        [new Normalize([0.2860f], [0.3530f]), new RandomErasing()]);

    private static readonly Compose Plain = new([], new ToTensor());

    [Fact]
    public void GetBatches_FashionSubset_GivesNchwFloatImagesAndInt64Labels()
    {
        var loader = new DataLoader(Fixtures.FashionTest, Plain, new DataLoaderOptions { BatchSize = 128 });

        var shapes = new List<(long[] Images, long[] Labels)>();
        foreach (var batch in loader.GetBatches(0))
        {
            using (batch)
            {
                batch.Images.dtype.Should().Be(ScalarType.Float32);
                batch.Labels.dtype.Should().Be(ScalarType.Int64);
                shapes.Add((batch.Images.shape, batch.Labels.shape));
            }
        }

        (loader.BatchCount, loader.ImageCount).Should().Be((4, 500));
        shapes.Select(s => s.Images).Should().BeEquivalentTo(new[] { new long[] { 128, 1, 28, 28 }, [128, 1, 28, 28], [128, 1, 28, 28], [116, 1, 28, 28] }, o => o.WithStrictOrdering());
        shapes.Select(s => s.Labels[0]).Should().Equal(128, 128, 128, 116);
    }

    [Fact]
    public void GetBatches_NoShuffle_GivesTheDatasetInOrderAsToTensorWould()
    {
        var loader = new DataLoader(Fixtures.FashionTest, Plain, new DataLoaderOptions { BatchSize = 7, Workers = 2 });

        using var batch = loader.GetBatches(0).Skip(2).First();

        for (var i = 0; i < 7; i++)
        {
            var sample = Fixtures.FashionTest.Get(14 + i);
            batch.Labels[i].item<long>().Should().Be(sample.Label);
            batch.Images[i].data<float>().ToArray().Should().Equal(sample.Image.Pixels.Select(b => b / 255f));
        }
    }

    [Fact]
    public void GetBatches_SameSeed_BitIdenticalWhateverTheWorkerCount()
    {
        static DataLoaderOptions Options(int workers) => new() { BatchSize = 50, Shuffle = true, Seed = 42, Workers = workers, PrefetchBatches = workers + 1 };

        var reference = Collect(new DataLoader(Fixtures.FashionTest, Augmented, Options(0)), epoch: 1);

        foreach (var workers in new[] { 1, 3 })
        {
            var batches = Collect(new DataLoader(Fixtures.FashionTest, Augmented, Options(workers)), epoch: 1);
            batches.Should().HaveCount(reference.Count);
            for (var b = 0; b < reference.Count; b++)
            {
                batches[b].Labels.Should().Equal(reference[b].Labels, $"labels of batch {b} with {workers} workers");
                batches[b].Images.SequenceEqual(reference[b].Images).Should().BeTrue($"images of batch {b} with {workers} workers must be bit-identical");
            }
        }
    }

    [Fact]
    public void GetBatches_Shuffle_EachEpochIsAnotherPermutationAndRepeatsForTheSameEpoch()
    {
        var loader = new DataLoader(new IndexDataset(100), Plain, new DataLoaderOptions { BatchSize = 16, Shuffle = true, Seed = 7 });

        var epoch0 = Indices(loader, 0);
        var epoch1 = Indices(loader, 1);

        var inOrder = Enumerable.Range(0, 100).Select(i => (long)i).ToArray();

        epoch0.Order().Should().Equal(inOrder);
        epoch1.Order().Should().Equal(inOrder);
        epoch0.Should().NotEqual(inOrder).And.NotEqual(epoch1);
        Indices(loader, 0).Should().Equal(epoch0);
        Indices(new DataLoader(new IndexDataset(100), Plain, new DataLoaderOptions { BatchSize = 16, Shuffle = true, Seed = 8 }), 0).Should().NotEqual(epoch0);
    }

    [Fact]
    public void GetBatches_Augmentation_DiffersBetweenEpochsButNotBetweenRuns()
    {
        var loader = new DataLoader(Fixtures.FashionTest, Augmented, new DataLoaderOptions { BatchSize = 100, Seed = 1 });

        var epoch0 = Collect(loader, 0);

        Collect(loader, 0)[0].Images.SequenceEqual(epoch0[0].Images).Should().BeTrue();
        Collect(loader, 1)[0].Images.SequenceEqual(epoch0[0].Images).Should().BeFalse();
        Collect(loader, 1)[0].Labels.Should().Equal(epoch0[0].Labels, "without shuffle the order stays");
    }

    [Theory]
    [InlineData(false, 4, 100)]
    [InlineData(true, 3, 96)]
    public void GetBatches_DropLast_LeavesOutThePartialBatch(bool dropLast, int batches, int images)
    {
        var loader = new DataLoader(new IndexDataset(100), Plain, new DataLoaderOptions { BatchSize = 32, DropLast = dropLast });

        (loader.BatchCount, loader.ImageCount).Should().Be((batches, images));
        Indices(loader, 0).Should().HaveCount(images);
    }

    [Fact]
    public void GetBatches_GreyToThreeChannels_ReplicatesAndNormalisesPerChannel()
    {
        var transform = new Compose([new Resize(64)], new ToTensor(channels: 3), [new Normalize([0.485f, 0.456f, 0.406f], [0.229f, 0.224f, 0.225f])]);
        var loader = new DataLoader(Fixtures.FashionTest, transform, new DataLoaderOptions { BatchSize = 4 });

        using var batch = loader.GetBatches(0).First();

        batch.Images.shape.Should().Equal(4, 3, 64, 64);
        var resized = PilBilinearResize.Resize(Fixtures.FashionTest.Get(0).Image, 64, 64);
        var rgb = new ByteImage(64, 64, 3, resized.Pixels.SelectMany(v => new[] { v, v, v }).ToArray());
        using var expected = transform.Apply(rgb, NoRandom.Instance);
        batch.Images[0].equal(expected).all().item<bool>().Should().BeTrue();
    }

    [Fact]
    public void GetBatches_UnreadableImageInAWorker_ThrowsOnTheConsumerNamingTheFile()
    {
        var root = Directory.CreateTempSubdirectory("torchtraining-loader-").FullName;
        try
        {
            var png = File.ReadAllBytes(Path.Combine(Fixtures.Folder, "rgb_45x31.png"));
            foreach (var (name, content) in new[] { ("cat/1.png", png), ("cat/2.png", png), ("dog/3.png", png), ("dog/4.png", png[..100]) })
            {
                Directory.CreateDirectory(Path.Combine(root, Path.GetDirectoryName(name)!));
                File.WriteAllBytes(Path.Combine(root, name), content);
            }

            var loader = new DataLoader(ImageFolderDataset.Open(root), new Compose([new CenterCrop(16)], new ToTensor()), new DataLoaderOptions { BatchSize = 1, Workers = 2 });
            var received = 0;
            var act = () =>
            {
                foreach (var batch in loader.GetBatches(0))
                {
                    batch.Dispose();
                    received++;
                }
            };

            act.Should().Throw<ImageFileException>().WithMessage($"*'{Path.Combine(root, "dog", "4.png")}'*");
            received.Should().Be(3, "the batches before the broken one come out first, in order");
            loader.RunningWorkers.Should().Be(0);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public void GetBatches_BreakEarly_LeaksNoTensorAndStopsTheWorkers(int workers)
    {
        var loader = new DataLoader(Fixtures.FashionTest, Augmented, new DataLoaderOptions { BatchSize = 10, Workers = workers, PrefetchBatches = 4 });
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        var received = 0;
        foreach (var batch in loader.GetBatches(0))
        {
            batch.Dispose();
            if (++received == 2)
            {
                break;
            }
        }

        DisposeScopeManager.Statistics.ThreadTotalLiveCount.Should().Be(before);
        loader.RunningWorkers.Should().Be(0);
    }

    [Fact]
    public void GetBatches_Cancelled_ThrowsAndStopsTheWorkers()
    {
        var loader = new DataLoader(Fixtures.FashionTest, Augmented, new DataLoaderOptions { BatchSize = 10, Workers = 2 });
        using var cancellation = new CancellationTokenSource();
        var received = 0;

        var act = () =>
        {
            foreach (var batch in loader.GetBatches(0, cancellation.Token))
            {
                batch.Dispose();
                if (++received == 3)
                {
                    cancellation.Cancel();
                }
            }
        };

        act.Should().Throw<OperationCanceledException>();
        received.Should().Be(3);
        loader.RunningWorkers.Should().Be(0);
    }

    [Fact]
    public void GetBatches_InsideADisposeScope_BatchesOutliveTheScope()
    {
        var loader = new DataLoader(Fixtures.FashionTest, Plain, new DataLoaderOptions { BatchSize = 10, Workers = 1 });
        Batch batch;
        using (NewDisposeScope())
        {
            batch = loader.GetBatches(0).First();
        }

        using (batch)
        {
            batch.Images.IsInvalid.Should().BeFalse();
            batch.Images.sum().item<float>().Should().BeGreaterThan(0);
        }
    }

    [Fact]
    public void GetBatches_SamplesOfDifferentSizes_ThrowsNamingTheSample()
    {
        var loader = new DataLoader(new IndexDataset(4, sizeOf: i => i == 2 ? 3 : 2), Plain, new DataLoaderOptions { BatchSize = 4 });

        var act = () => loader.GetBatches(0).First().Dispose();

        act.Should().Throw<InvalidOperationException>().WithMessage("Sample 2 transforms to 1×3×3, the batch's first sample to 1×2×2*");
    }

    [Theory]
    [InlineData(0, 1, null)]
    [InlineData(8, -1, null)]
    [InlineData(8, 2, 0)]
    public void Constructor_InvalidOptions_Throws(int batchSize, int workers, int? prefetch)
    {
        var act = () => new DataLoader(new IndexDataset(3), Plain, new DataLoaderOptions { BatchSize = batchSize, Workers = workers, PrefetchBatches = prefetch });

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*DataLoaderOptions.*");
    }

    private static List<(float[] Images, long[] Labels)> Collect(DataLoader loader, int epoch)
    {
        var result = new List<(float[], long[])>();
        foreach (var batch in loader.GetBatches(epoch))
        {
            using (batch)
            {
                result.Add((batch.Images.data<float>().ToArray(), batch.Labels.data<long>().ToArray()));
            }
        }

        return result;
    }

    private static long[] Indices(DataLoader loader, int epoch) => Collect(loader, epoch).SelectMany(b => b.Labels).ToArray();

    /// <summary>Sample i is a 2×2 grey image with label i (so labels show the order).</summary>
    private sealed class IndexDataset(int count, Func<int, int>? sizeOf = null) : IImageDataset
    {
        public int Count => count;

        public IReadOnlyList<string> Classes { get; } = Enumerable.Range(0, count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

        public LabeledImage Get(int index)
        {
            var size = sizeOf?.Invoke(index) ?? 2;
            return new LabeledImage(new ByteImage(size, size, 1, Enumerable.Repeat((byte)index, size * size).ToArray()), index);
        }
    }
}
