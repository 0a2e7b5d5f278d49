using System;
using System.Collections.Generic;
using System.Linq;
using SkiaSharp;

namespace TorchTraining.Reporting;

/// <summary>Writes a rendered chart atomically (a temporary file beside the target, then a rename) and checks sizes.</summary>
internal static class ChartFiles
{
    public const int MinimumPixels = 100;
    public const int MaximumPixels = 8000;

    public static void Write(string path, byte[] png)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        AtomicFile.Write(path, stream => stream.Write(png));
    }

    public static void CheckSize(int width, int height)
    {
        OptionGuard.Require(width is >= MinimumPixels and <= MaximumPixels, "width", $"between {MinimumPixels} and {MaximumPixels} pixels", width);
        OptionGuard.Require(height is >= MinimumPixels and <= MaximumPixels, "height", $"between {MinimumPixels} and {MaximumPixels} pixels", height);
    }

    private static readonly string[] PreferredSans = ["DejaVu Sans", "Liberation Sans", "Noto Sans", "Arial", "Helvetica", "Segoe UI"];

    private static readonly Lazy<string> SansFamily = new(() =>
    {
        var installed = new HashSet<string>(SKFontManager.Default.GetFontFamilies(), StringComparer.OrdinalIgnoreCase);
        return PreferredSans.FirstOrDefault(installed.Contains) ?? ScottPlot.Fonts.Sans;
    });

    /// <summary>
    /// The plot's fonts: a sans-serif family the machine has (ScottPlot's own choice falls back to a serif one where
    /// SkiaSharp runs without fontconfig); with <paramref name="otherScripts"/>, ScottPlot then picks for each label a
    /// family that can show its characters.
    /// </summary>
    public static void UseSansFont(ScottPlot.Plot plot, bool otherScripts = false)
    {
        plot.Font.Set(SansFamily.Value);
        if (otherScripts)
        {
            plot.Font.Automatic();
        }
    }
}
