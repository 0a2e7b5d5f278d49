using System;
using System.Linq;
using FluentAssertions;
using TorchTraining.Tests.Support;
using TorchTraining.Transforms;
using Xunit;

namespace TorchTraining.Tests.Transforms;

/// <summary>
/// Our random streams give torchvision's distributions: sample means over 100,000 draws against the means torchvision
/// gave with torch's generator (tools/make_transform_fixtures.py, section "statistics"), within five standard errors of
/// the difference. The streams are seeded, so the tests are deterministic.
/// </summary>
public sealed class SamplerStatisticsTests
{
    private static readonly int Samples = Fixtures.Transforms.GetProperty("statistics").GetProperty("samples").GetInt32();

    [Fact]
    public void RandomResizedCropSampleBox_ManyDraws_HasTorchvisionsAreaAndAspectDistribution()
    {
        var expected = Fixtures.Transforms.GetProperty("statistics").GetProperty("randomResizedCrop");
        var (width, height) = (expected.GetProperty("width").GetInt32(), expected.GetProperty("height").GetInt32());
        var random = new SampleRandom(2024);
        var fractions = new double[Samples];
        var logAspects = new double[Samples];
        for (var n = 0; n < Samples; n++)
        {
            var box = RandomResizedCrop.SampleBox(width, height, (0.08, 1.0), (3.0 / 4.0, 4.0 / 3.0), random);
            fractions[n] = (double)box.Width * box.Height / (width * height);
            logAspects[n] = Math.Log((double)box.Width / box.Height);
        }

        ShouldMatch(fractions, expected.GetProperty("areaFractionMean").GetDouble(), expected.GetProperty("areaFractionStd").GetDouble(), "crop area fraction");
        ShouldMatch(logAspects, expected.GetProperty("logAspectMean").GetDouble(), expected.GetProperty("logAspectStd").GetDouble(), "log aspect ratio");
    }

    [Fact]
    public void RandomErasingSampleBox_ManyDraws_HasTorchvisionsErasedFraction()
    {
        var expected = Fixtures.Transforms.GetProperty("statistics").GetProperty("randomErasing");
        var (width, height) = (expected.GetProperty("width").GetInt32(), expected.GetProperty("height").GetInt32());
        var random = new SampleRandom(7);
        var fractions = new double[Samples];
        for (var n = 0; n < Samples; n++)
        {
            var sampled = RandomErasing.SampleBox(3, height, width, (0.02, 0.33), (0.3, 3.3), randomValues: false, random);
            fractions[n] = sampled is var ((_, _, h, w), _) ? (double)h * w / (width * height) : 0;
        }

        ShouldMatch(fractions, expected.GetProperty("erasedFractionMean").GetDouble(), expected.GetProperty("erasedFractionStd").GetDouble(), "erased fraction");
    }

    [Fact]
    public void RandomCropSampleBox_ManyDraws_PositionsAreUniform()
    {
        var random = new SampleRandom(11);
        var counts = new int[9];
        for (var n = 0; n < 90_000; n++)
        {
            counts[RandomCrop.SampleBox(36, 28, 28, random).Left]++;
        }

        // Chi-square with 8 degrees of freedom: 26.1 is its 0.999 quantile.
        var chiSquare = counts.Sum(c => Math.Pow(c - 10_000, 2) / 10_000);
        chiSquare.Should().BeLessThan(26.1, $"counts {string.Join(", ", counts)}");
    }

    [Fact]
    public void RandomHorizontalFlip_ManyImages_FlipsWithItsProbability()
    {
        var flip = new RandomHorizontalFlip(0.3);
        var image = new TorchImaging.ByteImage(2, 1, 1, [1, 2]);
        var random = new SampleRandom(5);
        var flipped = Enumerable.Range(0, 100_000).Count(_ => flip.Apply(image, random).Pixels[0] == 2);

        // Binomial(100000, 0.3): standard deviation 145.
        flipped.Should().BeInRange(30_000 - 725, 30_000 + 725);
    }

    private static void ShouldMatch(double[] values, double expectedMean, double expectedStd, string what)
    {
        var mean = values.Average();
        var std = Math.Sqrt(values.Select(v => (v - mean) * (v - mean)).Average());
        var standardError = Math.Sqrt(((std * std) + (expectedStd * expectedStd)) / values.Length);
        mean.Should().BeApproximately(expectedMean, 5 * standardError, $"the mean {what} (torchvision {expectedMean:F5}, ours {mean:F5})");
        std.Should().BeApproximately(expectedStd, 0.02 * expectedStd, $"the standard deviation of the {what}");
    }
}
