using System;
using System.Globalization;

namespace ShuffleNet.Torch.Sample;

/// <summary>Accuracies (fractions in [0, 1]) as the sample prints them: percent with two decimals in text, rounded to 6 decimals in JSON.</summary>
internal static class Percent
{
    /// <summary>"55.80%"; "-" for NaN (a class without images).</summary>
    public static string Text(double fraction) => double.IsNaN(fraction) ? "-" : (fraction * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    /// <summary>55.8 for 0.558 (not 55.800000000000004); null for null or NaN.</summary>
    public static double? Json(double? fraction) => fraction is { } f && !double.IsNaN(f) ? Math.Round(f * 100, 6) : null;
}
