using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace ShuffleNet.Torch;

/// <summary>The four widths as people and torchvision write them — "0.5", "1.0", "1.5", "2.0" — and back.</summary>
public static class ShuffleNetV2Widths
{
    private static readonly Dictionary<ShuffleNetV2Width, decimal> Multipliers = new()
    {
        [ShuffleNetV2Width.X0_5] = 0.5m,
        [ShuffleNetV2Width.X1_0] = 1.0m,
        [ShuffleNetV2Width.X1_5] = 1.5m,
        [ShuffleNetV2Width.X2_0] = 2.0m,
    };

    /// <summary>The four presets, narrowest first.</summary>
    public static IReadOnlyList<ShuffleNetV2Width> All { get; } = Enum.GetValues<ShuffleNetV2Width>();

    /// <summary>The multiplier with one decimal: "0.5", "1.0", "1.5", "2.0".</summary>
    /// <param name="width">A preset.</param>
    /// <exception cref="ArgumentOutOfRangeException">The value is not one of the presets.</exception>
    public static string ToText(this ShuffleNetV2Width width) =>
        Multipliers.TryGetValue(width, out var multiplier)
            ? multiplier.ToString("0.0", CultureInfo.InvariantCulture)
            : throw new ArgumentOutOfRangeException(nameof(width), width, $"{width} is not a ShuffleNetV2 width preset.");

    /// <summary>Reads any spelling of the four multipliers: "0.5", "1", "1.0", "2.00".</summary>
    /// <param name="text">The multiplier.</param>
    /// <param name="width">The preset, when the text names one.</param>
    public static bool TryParse(string? text, out ShuffleNetV2Width width)
    {
        width = default;
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        var match = Multipliers.Where(m => m.Value == value).Select(m => (ShuffleNetV2Width?)m.Key).FirstOrDefault();
        width = match.GetValueOrDefault();
        return match is not null;
    }

    /// <summary>As <see cref="TryParse"/>, throwing for text that names no preset.</summary>
    /// <param name="text">The multiplier.</param>
    /// <exception cref="ArgumentException">The text names no preset; the message lists the four.</exception>
    public static ShuffleNetV2Width Parse(string text) =>
        TryParse(text, out var width)
            ? width
            : throw new ArgumentException($"Unknown ShuffleNetV2 width '{text}'; use one of {string.Join(", ", All.Select(ToText))}.", nameof(text));
}
