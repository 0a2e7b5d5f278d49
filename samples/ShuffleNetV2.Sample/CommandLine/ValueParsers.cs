using System;
using System.Collections.Generic;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Linq;
using ShuffleNet.Torch.Classifier;

namespace ShuffleNet.Torch.Sample;

/// <summary>Turns one option's text into its value, or adds one error that names the option and the bad text.</summary>
internal static class ValueParsers
{
    public static ShuffleNetV2Width? Width(ArgumentResult result) =>
        Parse(result, text => ShuffleNetV2Widths.TryParse(text, out var width) ? width : (ShuffleNetV2Width?)null, "must be 0.5, 1.0, 1.5 or 2.0");

    public static int? PositiveInt(ArgumentResult result) =>
        Parse(result, text => int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n >= 1 ? n : (int?)null,
            "must be a whole number of 1 or more");

    public static int? NonNegativeInt(ArgumentResult result) =>
        Parse(result, text => int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n >= 0 ? n : (int?)null,
            "must be a whole number of 0 or more");

    public static double? PositiveNumber(ArgumentResult result) =>
        Parse<double>(result, text => ParseDouble(text) is { } x && x > 0 ? x : null, "must be a number above 0 (e.g. 0.1 or 1e-3)");

    public static double? NonNegativeNumber(ArgumentResult result) =>
        Parse<double>(result, text => ParseDouble(text) is { } x && x >= 0 ? x : null, "must be a number of 0 or more (e.g. 5e-5)");

    /// <summary>A fraction in [0, 1) (label smoothing) or [0, 1] (a probability).</summary>
    public static double? Fraction(ArgumentResult result, bool oneAllowed) =>
        Parse<double>(result, text => ParseDouble(text) is { } x && x >= 0 && (oneAllowed ? x <= 1 : x < 1) ? x : null,
            oneAllowed ? "must be a number from 0 to 1" : "must be a number from 0 up to (not including) 1");

    /// <summary>A fraction strictly between 0 and 1.</summary>
    public static double? OpenFraction(ArgumentResult result) =>
        Parse<double>(result, text => ParseDouble(text) is { } x && x > 0 && x < 1 ? x : null, "must be a number between 0 and 1 (not 0, not 1), e.g. 0.2");

    /// <summary>Three comma-separated numbers (R, G, B), e.g. "0.485,0.456,0.406"; with <paramref name="positive"/> each above 0.</summary>
    public static float[]? ThreeNumbers(ArgumentResult result, bool positive)
    {
        if (result.Tokens.Count != 1)
        {
            return null;
        }

        var text = result.Tokens[0].Value;
        var values = text.Split(',').Select(p => ParseDouble(p.Trim())).ToArray();
        if (values.Length != 3 || values.Any(v => v is not { } x || (positive && x <= 0)))
        {
            result.AddError($"{OptionName(result)} must be three numbers separated by commas (R,G,B){(positive ? ", each above 0" : "")}, e.g. 0.5,0.5,0.5, got '{text}'.");
            return null;
        }

        return values.Select(v => (float)v!.Value).ToArray();
    }

    /// <summary>"224" (square) or "224x160" (height x width).</summary>
    public static ImageSize? Size(ArgumentResult result) =>
        Parse(result, ParseSize, "must be H or HxW in pixels, each a whole number of 1 or more (e.g. 224 or 224x160)");

    public static T? Choice<T>(ArgumentResult result, IReadOnlyDictionary<string, T> choices)
        where T : struct =>
        Parse(result, text => choices.TryGetValue(text.ToLowerInvariant(), out var value) ? value : (T?)null,
            "must be " + OneOf(choices.Keys.ToList()));

    private static double? ParseDouble(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && double.IsFinite(x) ? x : null;

    private static ImageSize? ParseSize(string text)
    {
        var parts = text.ToLowerInvariant().Split('x');
        var sizes = parts.Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 ? n : 0).ToArray();
        return parts.Length is 1 or 2 && sizes.All(n => n >= 1) ? new ImageSize(sizes[0], sizes[^1]) : null;
    }

    private static T? Parse<T>(ArgumentResult result, Func<string, T?> parse, string rule)
        where T : struct
    {
        if (result.Tokens.Count != 1)
        {
            return null;   // System.CommandLine reports the missing or extra value itself
        }

        var text = result.Tokens[0].Value;
        var value = parse(text);
        if (value is null)
        {
            result.AddError($"{OptionName(result)} {rule}, got '{text}'.");
        }

        return value;
    }

    private static string OptionName(ArgumentResult result) => result.Parent is OptionResult option ? option.Option.Name : "the value";

    private static string OneOf(List<string> choices) =>
        string.Join(", ", choices.Take(choices.Count - 1)) + " or " + choices[^1];
}
