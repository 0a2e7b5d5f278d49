using System;
using System.Collections.Generic;
using System.Linq;
using FluentAssertions;
using TorchImaging;
using TorchTraining.Datasets;
using TorchTraining.Loading;
using TorchTraining.Transforms;
using Xunit;
using static TorchSharp.torch;

namespace TorchTraining.Tests.Transforms;

/// <summary>
/// The small-image augmentation as the data loader applies it (RandomCrop(32, padding 4), RandomHorizontalFlip,
/// ToTensor, Normalize), read back from what reaches the network: every image is black but for a two-pixel marker whose
/// position and orientation after the pipeline give the crop's (top, left) and whether it was flipped. torchvision draws
/// top and left uniformly from 0..8 and flips with probability one half, independently (RandomCrop.get_params:
/// torch.randint; RandomHorizontalFlip: torch.rand(1) &lt; p), so the 162 (top, left, flip) cells are equally likely.
/// Pearson's chi-squared against that, over the per-sample streams of one epoch, and the draws of one sample in
/// different epochs against independence. The streams are seeded, so the tests are deterministic.
/// </summary>
public sealed class AugmentationDistributionTests
{
    private const int Size = 32;
    private const int Padding = 4;
    private const int Positions = (2 * Padding) + 1;
    private const float Mean = 0.286f;
    private const float Std = 0.353f;

    // Marker pixels: (16, 16) = 255 and (16, 17) = 128; after a crop at (top, left) the bright one is at
    // (16 + 4 - top, 16 + 4 - left), and the dim one to its right, or to its left when the image was flipped.
    private const int MarkerRow = 16;
    private const int MarkerColumn = 16;

    [Fact]
    public void Loader_OneEpoch_CropPositionsAndFlipsAreUniformAndIndependent()
    {
        var draws = Draw(samples: 16_200, epochs: 1, seed: 5)[0];

        // The flip alone: a binomial count within 3.29 standard deviations of half (two-sided 0.001).
        var flips = draws.Count(d => d.Flipped);
        Math.Abs(flips - (draws.Length / 2.0)).Should().BeLessThan(3.29 * Math.Sqrt(draws.Length) / 2, "torchvision flips with probability one half");

        // Each coordinate alone over its 9 positions: 8 degrees of freedom, the 0.001 quantile of chi-squared is 26.12.
        ChiSquared(Histogram(draws.Select(d => d.Top), Positions)).Should().BeLessThan(26.12, "the crop's top should be uniform on 0..8");
        ChiSquared(Histogram(draws.Select(d => d.Left), Positions)).Should().BeLessThan(26.12, "the crop's left should be uniform on 0..8");

        // All three together over 162 cells (161 degrees of freedom, 0.001 quantile 221.0): no draw tied to another.
        var joint = Histogram(draws.Select(d => (((d.Top * Positions) + d.Left) * 2) + (d.Flipped ? 1 : 0)), Positions * Positions * 2);
        ChiSquared(joint).Should().BeLessThan(221.0, "the (top, left, flip) cells of one epoch should be uniform, as torchvision's; counts {0}", string.Join(" ", joint));
    }

    [Fact]
    public void Loader_TwoEpochs_DrawsOfOneSampleAreIndependentAcrossEpochs()
    {
        var epochs = Draw(samples: 8_100, epochs: 2, seed: 9);

        // Joint (top in epoch 0, top in epoch 1) over 81 cells: 80 degrees of freedom, 0.001 quantile 124.8.
        var counts = new int[Positions * Positions];
        for (var i = 0; i < epochs[0].Length; i++)
        {
            counts[(epochs[0][i].Top * Positions) + epochs[1][i].Top]++;
        }

        ChiSquared(counts).Should().BeLessThan(124.8, "a sample's crop in one epoch should not predict its crop in the next");
        epochs[0].Zip(epochs[1]).Count(p => p.First == p.Second).Should().BeLessThan(8_100 / 50, "about 1 in 162 draws repeat by chance");
    }

    [Fact]
    public void Loader_Padding_IsBlackBeforeNormalisation()
    {
        // torchvision pads the PIL image with fill 0 and then normalises: padded pixels are (0 - mean) / std, the
        // value of the image's own black background, not 0 after normalisation.
        using var scope = NewDisposeScope();
        var loader = new DataLoader(new MarkerImages(64), Pipeline(), new DataLoaderOptions { BatchSize = 64, Seed = 3 });
        using var batch = loader.GetBatches(epoch: 0).First();
        var values = batch.Images.data<float>().ToArray();
        var black = (0f - Mean) / Std;
        values.Count(v => Math.Abs(v - black) < 1e-6f).Should().Be(values.Length - (64 * 3 * 2), "every pixel but the two marker pixels of each channel is black, padding included");
    }

    private static Compose Pipeline() =>
        new([new RandomCrop(Size, Padding), new RandomHorizontalFlip()], new ToTensor(3), [new Normalize([Mean], [Std])]);

    /// <summary>Per epoch, per sample in dataset order: where the crop was taken and whether the image was flipped.</summary>
    private static (int Top, int Left, bool Flipped)[][] Draw(int samples, int epochs, int seed)
    {
        var loader = new DataLoader(new MarkerImages(samples), Pipeline(), new DataLoaderOptions { BatchSize = 512, Shuffle = false, Seed = seed, Workers = 2 });
        var result = new (int, int, bool)[epochs][];
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            var draws = new List<(int, int, bool)>(samples);
            foreach (var batch in loader.GetBatches(epoch))
            {
                using (batch)
                using (var scope = NewDisposeScope())
                {
                    // Channel 0 is enough: the three channels are the same grey image.
                    var images = batch.Images[TensorIndex.Colon, 0].contiguous().data<float>().ToArray();
                    for (var n = 0; n < batch.Count; n++)
                    {
                        draws.Add(Locate(images.AsSpan(n * Size * Size, Size * Size)));
                    }
                }
            }

            result[epoch] = [.. draws];
        }

        return result;
    }

    private static (int Top, int Left, bool Flipped) Locate(ReadOnlySpan<float> image)
    {
        var bright = image.IndexOf(image.ToArray().Max());
        var (row, column) = (bright / Size, bright % Size);
        var right = column + 1 < Size ? image[bright + 1] : float.MinValue;
        var left = column > 0 ? image[bright - 1] : float.MinValue;
        var flipped = left > right;

        // Unflipped: column = 20 - left; flipped (x -> 31 - x): column = 31 - (20 - left) = 11 + left.
        var cropLeft = flipped ? column - (Size - 1 - (MarkerColumn + Padding)) : MarkerColumn + Padding - column;
        return (MarkerRow + Padding - row, cropLeft, flipped);
    }

    private static int[] Histogram(IEnumerable<int> values, int cells)
    {
        var counts = new int[cells];
        foreach (var value in values)
        {
            counts[value]++;
        }

        return counts;
    }

    private static double ChiSquared(int[] counts)
    {
        var expected = counts.Sum() / (double)counts.Length;
        return counts.Sum(c => (c - expected) * (c - expected) / expected);
    }

    /// <summary>Black 32×32 grey images with the marker, all alike.</summary>
    private sealed class MarkerImages(int count) : IImageDataset
    {
        public int Count => count;

        public IReadOnlyList<string> Classes { get; } = ["marker", "other"];

        public LabeledImage Get(int index)
        {
            var pixels = new byte[Size * Size];
            pixels[(MarkerRow * Size) + MarkerColumn] = 255;
            pixels[(MarkerRow * Size) + MarkerColumn + 1] = 128;
            return new LabeledImage(new ByteImage(Size, Size, 1, pixels), 0);
        }
    }
}
