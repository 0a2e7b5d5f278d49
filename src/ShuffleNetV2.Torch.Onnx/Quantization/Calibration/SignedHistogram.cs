using System;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Onnx.Quantization.Calibration;

/// <summary>
/// A histogram of every value seen, batch after batch, with bins of one width aligned at zero: bin <c>k</c> counts the
/// values in <c>[k·width, (k+1)·width)</c>, so negative values fall in negative bins. The width is set by the first
/// batch with a value other than zero (its largest magnitude over <see cref="InitialBinsPerSide"/>); when later values
/// would need more than <see cref="MaxBins"/> bins, the width doubles as often as needed and neighbouring bins merge,
/// which keeps every count exact. No value is ever dropped or clipped.
/// </summary>
internal sealed class SignedHistogram
{
    public const int InitialBinsPerSide = 2048;
    public const int MaxBins = 8192;

    private long[] _counts = [];
    private long _firstBin;
    private long _zerosBeforeWidth;

    /// <summary>The bin width, or 0 while only zeros have been seen.</summary>
    public double Width { get; private set; }

    /// <summary>The number of values seen.</summary>
    public long Count { get; private set; }

    /// <summary>Counts the values of <paramref name="values"/> (any shape, any device; NaN is not expected).</summary>
    /// <param name="values">The values.</param>
    /// <param name="min">Their minimum, already computed by the caller.</param>
    /// <param name="max">Their maximum, already computed by the caller.</param>
    public void Add(Tensor values, double min, double max)
    {
        var count = values.NumberOfElements;
        if (count == 0)
        {
            return;
        }

        Count += count;
        if (Width == 0)
        {
            var magnitude = Math.Max(Math.Abs(min), Math.Abs(max));
            if (magnitude == 0)
            {
                _zerosBeforeWidth += count;
                return;
            }

            Width = magnitude / InitialBinsPerSide;
            _firstBin = 0;
            _counts = new long[1];
            _counts[0] = _zerosBeforeWidth;
        }

        Grow(Bin(min), Bin(max));
        using var scope = NewDisposeScope();
        var first = Bin(min);
        var last = Bin(max);
        var bins = values.detach().to(ScalarType.Float64).div(Width).floor_().clamp_(first, last).sub_(_firstBin).to(ScalarType.Int64).flatten();
        var added = bincount(bins, minlength: _counts.Length).cpu().data<long>().ToArray();
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += added[i];
        }
    }

    /// <summary>The counts of the bins <c>0, 1, 2, ...</c> (values at or above zero), or of <c>-1, -2, ...</c> (below zero), as magnitudes from zero.</summary>
    public long[] Side(bool negative)
    {
        if (Width == 0)
        {
            return negative ? [] : [_zerosBeforeWidth];
        }

        var lastBin = _firstBin + _counts.Length - 1;
        if (negative)
        {
            var length = (int)Math.Max(0, -_firstBin);
            var side = new long[length];
            for (var i = 0; i < length; i++)
            {
                side[i] = _counts[-1 - i - _firstBin];
            }

            return side;
        }
        else
        {
            var length = (int)Math.Max(0, lastBin + 1);
            var side = new long[length];
            for (var i = 0; i < length; i++)
            {
                side[i] = _counts[i - _firstBin];
            }

            return side;
        }
    }

    /// <summary>
    /// The value below which the fraction <paramref name="fraction"/> of all values lie, to one bin: the lower edge of
    /// the bin where the cumulative count reaches it (for fractions below one half) or its upper edge (otherwise), so
    /// the range between two such values never cuts into a bin it should hold.
    /// </summary>
    public double ValueAtFraction(double fraction)
    {
        if (Width == 0)
        {
            return 0;
        }

        var target = fraction * Count;
        double cumulative = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            cumulative += _counts[i];
            if (cumulative >= target && _counts[i] > 0)
            {
                var bin = _firstBin + i;
                return (fraction < 0.5 ? bin : bin + 1) * Width;
            }
        }

        return (_firstBin + _counts.Length) * Width;
    }

    private long Bin(double value) => (long)Math.Floor(value / Width);

    private void Grow(long first, long last)
    {
        var newFirst = Math.Min(first, _firstBin);
        var newLast = Math.Max(last, _firstBin + _counts.Length - 1);
        var merge = 1L;
        while (FloorDiv(newLast, merge) - FloorDiv(newFirst, merge) + 1 > MaxBins)
        {
            merge *= 2;
        }

        if (merge == 1 && newFirst == _firstBin && newLast == _firstBin + _counts.Length - 1)
        {
            return;
        }

        var mergedFirst = FloorDiv(newFirst, merge);
        var merged = new long[FloorDiv(newLast, merge) - mergedFirst + 1];
        for (var i = 0; i < _counts.Length; i++)
        {
            merged[FloorDiv(_firstBin + i, merge) - mergedFirst] += _counts[i];
        }

        _counts = merged;
        _firstBin = mergedFirst;
        Width *= merge;
    }

    private static long FloorDiv(long value, long divisor) => (long)Math.Floor((double)value / divisor);
}
