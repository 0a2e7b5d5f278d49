using System;
using System.Linq;
using FluentAssertions;
using TorchTraining.Transforms;
using Xunit;

namespace TorchTraining.Tests.Transforms;

public sealed class SampleRandomTests
{
    [Fact]
    public void ForSample_SameSeedEpochAndIndex_GivesTheSameStream()
    {
        Draws(SampleRandom.ForSample(3, 2, 17)).Should().Equal(Draws(SampleRandom.ForSample(3, 2, 17)));
    }

    [Theory]
    [InlineData(4, 2, 17)]
    [InlineData(3, 3, 17)]
    [InlineData(3, 2, 18)]
    public void ForSample_AnyPartDiffers_GivesAnotherStream(int seed, int epoch, int index)
    {
        Draws(SampleRandom.ForSample(seed, epoch, index)).Should().NotEqual(Draws(SampleRandom.ForSample(3, 2, 17)));
    }

    [Fact]
    public void ForSample_NegativeIndex_Throws()
    {
        var act = () => SampleRandom.ForSample(0, 0, -1);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Uniform_ManyDraws_StayInRangeWithTheRightMean()
    {
        var random = new SampleRandom(1);
        var values = Enumerable.Range(0, 100_000).Select(_ => random.Uniform(-2f, 6f)).ToArray();

        values.Should().OnlyContain(v => v >= -2f && v < 6f);
        values.Average(v => (double)v).Should().BeApproximately(2.0, 5 * 8 / Math.Sqrt(12 * 100_000.0));
    }

    [Fact]
    public void UniformInteger_ManyDraws_CoverTheRangeEvenly()
    {
        var random = new SampleRandom(2);
        var counts = new int[7];
        for (var i = 0; i < 70_000; i++)
        {
            counts[random.UniformInteger(3, 10) - 3]++;
        }

        // Chi-square with 6 degrees of freedom: 22.5 is its 0.999 quantile.
        counts.Sum(c => Math.Pow(c - 10_000, 2) / 10_000).Should().BeLessThan(22.5);
    }

    [Fact]
    public void Normal_ManyDraws_HaveMeanZeroAndVarianceOne()
    {
        var random = new SampleRandom(3);
        var values = Enumerable.Range(0, 100_000).Select(_ => (double)random.Normal()).ToArray();
        var mean = values.Average();

        mean.Should().BeApproximately(0, 5 / Math.Sqrt(100_000));
        values.Select(v => (v - mean) * (v - mean)).Average().Should().BeApproximately(1, 0.03);
    }

    [Fact]
    public void Shuffle_AnyArray_IsAPermutation()
    {
        var values = Enumerable.Range(0, 1000).ToArray();

        new SampleRandom(4).Shuffle(values);

        values.Order().Should().Equal(Enumerable.Range(0, 1000));
        values.Should().NotEqual(Enumerable.Range(0, 1000));
    }

    private static float[] Draws(SampleRandom random) => [random.Uniform(0, 1), random.UniformInteger(0, 1000), random.Normal()];
}
