using System;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Onnx.Quantization.Calibration;

/// <summary>
/// Watches one activation over the calibration batches: its exact minimum and maximum and, for the percentile and
/// entropy methods, a histogram of every value; then gives the range to quantize it to.
/// </summary>
internal sealed class RangeObserver
{
    // An 8-bit activation has 255 steps; a range on both sides of zero shares them, about half each.
    private const int OneSidedLevels = 255;
    private const int TwoSidedLevels = 128;

    private readonly SignedHistogram? _histogram;

    public RangeObserver(string name, bool keepHistogram)
    {
        Name = name;
        _histogram = keepHistogram ? new SignedHistogram() : null;
    }

    /// <summary>The activation's name.</summary>
    public string Name { get; }

    /// <summary>The smallest value seen; +∞ before the first.</summary>
    public double Min { get; private set; } = double.PositiveInfinity;

    /// <summary>The largest value seen; −∞ before the first.</summary>
    public double Max { get; private set; } = double.NegativeInfinity;

    /// <summary>The number of values seen.</summary>
    public long Count { get; private set; }

    /// <exception cref="ArgumentException">The values hold NaN or an infinity.</exception>
    public void Observe(Tensor values)
    {
        if (values.NumberOfElements == 0)
        {
            return;
        }

        using var scope = NewDisposeScope();
        var (minTensor, maxTensor) = values.detach().aminmax();
        var min = minTensor.to(ScalarType.Float64).item<double>();
        var max = maxTensor.to(ScalarType.Float64).item<double>();
        if (!double.IsFinite(min) || !double.IsFinite(max))
        {
            throw new ArgumentException($"The calibration pass met a value that is not a finite number at '{Name}' (range {min} to {max}); check the calibration batches for NaN or infinity.");
        }

        Min = Math.Min(Min, min);
        Max = Math.Max(Max, max);
        Count += values.NumberOfElements;
        _histogram?.Add(values, min, max);
    }

    /// <summary>The range to quantize to, always inside [<see cref="Min"/>, <see cref="Max"/>].</summary>
    public (double Low, double High) Range(CalibrationMethod method, double percentile)
    {
        if (Count == 0)
        {
            throw new InvalidOperationException($"The activation '{Name}' was not seen by the calibration pass.");
        }

        if (method == CalibrationMethod.MinMax)
        {
            return (Min, Max);
        }

        var histogram = _histogram ?? throw new InvalidOperationException($"The {method} method needs the histogram that was not kept for '{Name}'.");
        if (method == CalibrationMethod.Percentile)
        {
            var fraction = percentile / 100;
            return (Math.Max(Min, histogram.ValueAtFraction(1 - fraction)), Math.Min(Max, histogram.ValueAtFraction(fraction)));
        }

        var levels = Min >= 0 || Max <= 0 ? OneSidedLevels : TwoSidedLevels;
        var high = Max > 0 ? Math.Min(Max, EntropyThreshold.Find(histogram.Side(negative: false), histogram.Width, levels)) : Max;
        var low = Min < 0 ? Math.Max(Min, -EntropyThreshold.Find(histogram.Side(negative: true), histogram.Width, levels)) : Min;
        return (low, high);
    }
}
