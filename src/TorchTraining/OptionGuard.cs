using System;
using System.Globalization;

namespace TorchTraining;

/// <summary>Checks of option values, each failing with one line that names the option and the value.</summary>
internal static class OptionGuard
{
    public static void Require(bool condition, string option, string expected, object? value)
    {
        if (!condition)
        {
            throw new ArgumentException($"{option} must be {expected}, got {Format(value)}.", option);
        }
    }

    public static void RequireFinite(double value, double minimum, string option) =>
        Require(double.IsFinite(value) && value >= minimum, option, $"a finite number >= {Format(minimum)}", value);

    public static string Format(object? value) => value switch
    {
        null => "null",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "null",
    };
}
