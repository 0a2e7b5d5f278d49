using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ScottPlot;
using TorchTraining.Metrics;

namespace TorchTraining.Reporting;

/// <summary>
/// A confusion matrix as a PNG picture (ScottPlot): true classes top to bottom, predicted classes left to right, the
/// class names on both axes, each cell's count written in it and its shade growing with the count.
/// </summary>
public static class ConfusionMatrixChart
{
    /// <summary>The picture's file name in a training run's folder: <c>confusion.png</c>.</summary>
    public const string FileName = "confusion.png";

    private const int CellPixels = 56;
    private const int MarginPixels = 260;
    private const int SmallestCellWithText = 16;

    /// <summary>Draws <paramref name="matrix"/> and returns the PNG bytes; the picture grows with the number of classes.</summary>
    /// <param name="matrix">The counts (e.g. <see cref="EvaluationResult.Confusion"/>).</param>
    /// <param name="classNames">One name per class, or null for the class numbers.</param>
    /// <param name="title">The picture's title; null for "Confusion matrix".</param>
    /// <exception cref="ArgumentException">The names are not one per class.</exception>
    public static byte[] ToPng(ConfusionMatrix matrix, IReadOnlyList<string>? classNames = null, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var classes = matrix.ClassCount;
        OptionGuard.Require(classNames is null || classNames.Count == classes, "classNames", $"null or {classes} names (one per class)", classNames?.Count);
        var names = classNames?.ToArray() ?? Enumerable.Range(0, classes).Select(c => c.ToString(CultureInfo.InvariantCulture)).ToArray();

        var cell = Math.Clamp(1800 / Math.Max(classes, 1), 8, CellPixels);
        var side = Math.Clamp((cell * classes) + MarginPixels, 400, ChartFiles.MaximumPixels);

        using var plot = new Plot();
        var counts = new double[classes, classes];
        long largest = 0;
        for (var actual = 0; actual < classes; actual++)
        {
            for (var predicted = 0; predicted < classes; predicted++)
            {
                counts[actual, predicted] = matrix[actual, predicted];
                largest = Math.Max(largest, matrix[actual, predicted]);
            }
        }

        // Row 0 of the intensities is drawn at the top: true class 0 at the top, as the matrix is read.
        var heatmap = plot.Add.Heatmap(counts);
        heatmap.Colormap = new ScottPlot.Colormaps.CustomInterpolated([Colors.White, Color.FromHex("#08306B")]);
        if (cell >= SmallestCellWithText)
        {
            for (var actual = 0; actual < classes; actual++)
            {
                for (var predicted = 0; predicted < classes; predicted++)
                {
                    var count = matrix[actual, predicted];
                    var text = plot.Add.Text(count.ToString(CultureInfo.InvariantCulture), predicted, classes - 1 - actual);
                    text.Alignment = Alignment.MiddleCenter;
                    text.LabelFontSize = Math.Min(16, cell / 3.2f);
                    text.LabelFontColor = largest > 0 && count > largest / 2 ? Colors.White : Colors.Black;
                }
            }
        }

        var positions = Enumerable.Range(0, classes).Select(c => (double)c).ToArray();
        plot.Axes.Bottom.SetTicks(positions, names);
        plot.Axes.Left.SetTicks(positions.Select(p => classes - 1 - p).ToArray(), names);
        plot.Axes.Bottom.TickLabelStyle.Rotation = -40;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
        plot.Axes.Bottom.MinimumSize = 30 + (5.5f * Math.Min(names.Max(n => n.Length), 30));
        plot.Axes.SetLimits(-0.5, classes - 0.5, -0.5, classes - 0.5);
        plot.Grid.IsVisible = false;
        var colorBar = plot.Add.ColorBar(heatmap);
        colorBar.Label = "images";
        ChartFiles.UseSansFont(plot, otherScripts: names.Any(n => n.Any(c => c > 0x7F)));
        plot.Title(title ?? "Confusion matrix");
        plot.XLabel("predicted class");
        plot.YLabel("true class");
        return plot.GetImageBytes(side + 80, side, ImageFormat.Png);
    }

    /// <summary>Draws <paramref name="matrix"/> into the PNG file <paramref name="path"/>, replaced atomically.</summary>
    /// <param name="path">The PNG file to write (its folder is created when missing).</param>
    /// <param name="matrix">The counts (e.g. <see cref="EvaluationResult.Confusion"/>).</param>
    /// <param name="classNames">One name per class, or null for the class numbers.</param>
    /// <param name="title">The picture's title; null for "Confusion matrix".</param>
    /// <exception cref="ArgumentException">The names are not one per class.</exception>
    /// <exception cref="System.IO.IOException">The file cannot be written; an existing file is left as it was.</exception>
    public static void Write(string path, ConfusionMatrix matrix, IReadOnlyList<string>? classNames = null, string? title = null) =>
        ChartFiles.Write(path, ToPng(matrix, classNames, title));
}
