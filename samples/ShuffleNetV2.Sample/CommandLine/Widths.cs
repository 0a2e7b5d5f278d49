using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace ShuffleNet.Torch.Sample;

/// <summary>The four widths as the command line spells them.</summary>
internal static class Widths
{
    private static readonly Dictionary<ShuffleNetV2Width, decimal> Multipliers = new()
    {
        [ShuffleNetV2Width.X0_5] = 0.5m,
        [ShuffleNetV2Width.X1_0] = 1.0m,
        [ShuffleNetV2Width.X1_5] = 1.5m,
        [ShuffleNetV2Width.X2_0] = 2.0m,
    };

    public static IReadOnlyList<ShuffleNetV2Width> All { get; } = Enum.GetValues<ShuffleNetV2Width>();

    /// <summary>"0.5", "1.0", "1.5", "2.0".</summary>
    public static string Text(ShuffleNetV2Width width) => Multipliers[width].ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>Accepts any spelling of the four multipliers: 0.5, 1, 1.0, 2.00...</summary>
    public static bool TryParse(string text, out ShuffleNetV2Width width)
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
}
