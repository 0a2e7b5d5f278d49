using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using TorchTraining.Metrics;

namespace TorchTraining.Reporting;

/// <summary>
/// The loss panel's vertical range. A diverged evaluation (a test loss thousands of times the others) would flatten
/// every other curve on a linear axis, so values above <see cref="OutlierFactor"/> times the median of all plotted
/// losses are left off the scale and named in the panel's title instead.
/// </summary>
internal static class LossAxis
{
    /// <summary>How many times the median loss a value may reach and still set the axis.</summary>
    public const double OutlierFactor = 10;

    /// <summary>The axis' upper limit and the values left off it (epoch numbered from 1, curve name, value).</summary>
    public static (double Upper, IReadOnlyList<(int Epoch, string Curve, double Value)> OffScale) For(IReadOnlyList<EpochRecord> history)
    {
        var values = Losses(history).Where(v => double.IsFinite(v.Value)).ToArray();
        if (values.Length == 0)
        {
            return (1.1, []);
        }

        var sorted = values.Select(v => v.Value).Order().ToArray();
        var median = sorted[sorted.Length / 2];
        var bound = Math.Max(median, 1e-3) * OutlierFactor;
        var kept = values.Where(v => v.Value <= bound).Select(v => v.Value).DefaultIfEmpty(median).Max();
        var offScale = values.Where(v => v.Value > bound).ToArray();
        return (Math.Max(kept, 1e-3) * 1.1, offScale);
    }

    /// <summary>The panel's title: "Loss", with the values left off the scale when there are any.</summary>
    public static string Title(IReadOnlyList<(int Epoch, string Curve, double Value)> offScale)
    {
        if (offScale.Count == 0)
        {
            return "Loss";
        }

        var first = offScale.MaxBy(v => v.Value);
        var more = offScale.Count > 1 ? string.Create(CultureInfo.InvariantCulture, $" and {offScale.Count - 1} more") : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"Loss (off the scale: {first.Curve} {first.Value:#,0.##} at epoch {first.Epoch}{more})");
    }

    private static IEnumerable<(int Epoch, string Curve, double Value)> Losses(IReadOnlyList<EpochRecord> history) =>
        history.SelectMany(r => new[]
        {
            (r.Epoch + 1, "train", r.TrainLoss),
            (r.Epoch + 1, "test", r.TestLoss),
            (r.Epoch + 1, "test, moving average", r.EmaTestLoss ?? double.NaN),
        });
}
