using System;
using System.Linq;
using FluentAssertions;
using ShuffleNet.Torch.Onnx.Quantization;
using ShuffleNet.Torch.Onnx.Quantization.Calibration;
using Xunit;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Onnx.Tests.Quantization;

/// <summary>The calibration statistics on data whose answers are known.</summary>
public sealed class CalibrationTests
{
    [Fact]
    public void SignedHistogram_BatchesOfGrowingRange_KeepsEveryCountAndTheExtremesToOneBin()
    {
        using var scope = NewDisposeScope();
        var histogram = new SignedHistogram();
        var first = linspace(-1, 2, 30_001);
        var wider = linspace(-50, 400, 10_001);
        var onlyZeros = zeros(500);

        foreach (var values in new[] { onlyZeros, first, wider })
        {
            var (min, max) = values.aminmax();
            histogram.Add(values, min.item<float>(), max.item<float>());
        }

        histogram.Count.Should().Be(40_502);
        (histogram.Side(negative: false).Sum() + histogram.Side(negative: true).Sum()).Should().Be(40_502);
        histogram.ValueAtFraction(1).Should().BeInRange(400, 400 + histogram.Width);
        histogram.ValueAtFraction(0).Should().BeInRange(-50 - histogram.Width, -50);
        (450 / histogram.Width).Should().BeLessThanOrEqualTo(SignedHistogram.MaxBins);
    }

    [Fact]
    public void RangeObserver_MinMax_IsTheExactExtremes()
    {
        using var scope = NewDisposeScope();
        var observer = new RangeObserver("x", keepHistogram: false);

        observer.Observe(tensor(new[] { 0.5f, -0.25f, 3f }));
        observer.Observe(tensor(new[] { 1f, -2f }));

        observer.Range(CalibrationMethod.MinMax, 99.99).Should().Be((-2d, 3d));
        observer.Count.Should().Be(5);
    }

    [Fact]
    public void RangeObserver_PercentileWithOneOutlier_IgnoresIt()
    {
        using var scope = NewDisposeScope();
        var observer = new RangeObserver("x", keepHistogram: true);
        observer.Observe(linspace(0, 1, 100_000));
        observer.Observe(tensor(new[] { 100f }));

        var (low, high) = observer.Range(CalibrationMethod.Percentile, 99.9);

        low.Should().Be(0);
        high.Should().BeInRange(0.99, 1.1);
        observer.Range(CalibrationMethod.Percentile, 100).High.Should().Be(100);
    }

    [Fact]
    public void RangeObserver_EntropyWithFarOutliers_ClipsThem()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        var observer = new RangeObserver("x", keepHistogram: true);
        observer.Observe(randn(200_000).abs_());
        observer.Observe(full(20, 60f));

        var (low, high) = observer.Range(CalibrationMethod.Entropy, 99.99);

        low.Should().Be(observer.Min, "no value lies below zero");
        high.Should().BeInRange(3, 10, "the Gaussian part reaches about 4.5, the 20 outliers sit at 60");
    }

    [Fact]
    public void RangeObserver_EntropyOfASmoothGaussian_KeepsItsTails()
    {
        using var scope = NewDisposeScope();
        manual_seed(2);
        var observer = new RangeObserver("x", keepHistogram: true);
        observer.Observe(randn(1_000_000));

        var (low, high) = observer.Range(CalibrationMethod.Entropy, 99.99);

        high.Should().BeGreaterThan(3.5);
        low.Should().BeLessThan(-3.5);
    }

    [Fact]
    public void RangeObserver_NaN_IsRefusedWithTheActivationsName()
    {
        using var scope = NewDisposeScope();
        var observer = new RangeObserver("conv1.2", keepHistogram: true);

        var observe = () => observer.Observe(tensor(new[] { 1f, float.NaN }));

        observe.Should().Throw<ArgumentException>().WithMessage("*not a finite number at 'conv1.2'*");
    }

    [Fact]
    public void ForwardObservation_AfterARunAndAfterAFailingOne_LeavesNoHookBehind()
    {
        using var scope = NewDisposeScope();
        using var linear = nn.Linear(4, 3);
        using var relu = nn.ReLU();
        using var model = nn.Sequential(linear, relu);
        var seen = 0;
        ObservationPoint[] points = [new("in", linear, Input: true), new("out", relu)];

        var (batches, images) = ForwardObservation.Run(model, points, [ones(2, 4), ones(5, 4)], maxBatches: null, "batches", (_, _) => seen++);
        var failing = () => ForwardObservation.Run(model, points, [ones(2, 4), ones(2, 7)], maxBatches: null, "batches", (_, _) => seen++);

        batches.Should().Be(2);
        images.Should().Be(7, "the batches hold 2 and 5 images");
        seen.Should().Be(4);
        failing.Should().Throw<Exception>();
        var afterFailure = seen;
        using (no_grad())
        {
            model.call(ones(1, 4));
        }

        seen.Should().Be(afterFailure);
    }

    [Fact]
    public void EntropyThreshold_FewerBinsThanLevels_KeepsEverything()
    {
        EntropyThreshold.Find([5, 0, 3, 1, 0, 0], width: 0.5, levels: 128).Should().Be(2);
    }

    [Theory]
    [InlineData(0, 6, 0)]
    [InlineData(-1, 3, 64)]
    [InlineData(-2, -1, 255)]
    [InlineData(0.5, 2, 0)]
    public void FromRange_AnyRange_WidenedToHoldZeroExactly(double low, double high, byte zeroPoint)
    {
        var activation = QuantizedActivation.FromRange("x", low, high, low, high);

        activation.ZeroPoint.Should().Be(zeroPoint);
        activation.RangeMin.Should().Be(Math.Min(low, 0));
        activation.RangeMax.Should().Be(Math.Max(high, 0));
        activation.Scale.Should().BeApproximately((float)((activation.RangeMax - activation.RangeMin) / 255), 1e-6f);
    }

    [Fact]
    public void FromRange_OnlyZeros_StepOne()
    {
        var activation = QuantizedActivation.FromRange("x", 0, 0, 0, 0);

        activation.Scale.Should().Be(1);
        activation.ZeroPoint.Should().Be(0);
    }

    [Fact]
    public void PerOutputChannel_EachChannelsLargestMagnitude_MapsToTheMaxLevel()
    {
        using var scope = NewDisposeScope();
        var weight = tensor(new[] { 0.5f, -1f, 0.25f, 0f, 0f, 0f, 3f, 1.5f, -0.75f }).reshape(3, 3, 1, 1);

        var (values, scales) = WeightQuantization.PerOutputChannel(weight, maxLevel: 64);

        scales.Should().Equal(1f / 64, 1f, 3f / 64);
        values.Should().Equal(32, -64, 16, 0, 0, 0, 64, 32, -16);
        WeightQuantization.Bias(tensor(new[] { 0.1f, -2f, 1f }), inputScale: 0.5f, scales).Should().Equal(13, -4, 43);
    }
}
