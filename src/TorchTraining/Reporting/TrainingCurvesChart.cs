using System;
using System.Collections.Generic;
using System.Linq;
using ScottPlot;
using ScottPlot.TickGenerators;
using TorchTraining.Metrics;

namespace TorchTraining.Reporting;

/// <summary>
/// The training curves as a PNG picture (ScottPlot): on the left the loss, on the right the top-1 accuracy in percent,
/// each by epoch for the training batches and the test set (and the moving average's test values when kept). Epochs
/// are numbered from 1 on the pictures, as a progress display counts them (the records count from 0). A loss far above
/// the others (a diverged evaluation) is left off the loss panel's scale and named in its title.
/// </summary>
public static class TrainingCurvesChart
{
    /// <summary>The picture's file name in a training run's folder: <c>curves.png</c>.</summary>
    public const string FileName = "curves.png";

    /// <summary>The picture's default width in pixels.</summary>
    public const int DefaultWidth = 1200;

    /// <summary>The picture's default height in pixels.</summary>
    public const int DefaultHeight = 500;

    /// <summary>Draws <paramref name="history"/> (e.g. <see cref="Trainer.History"/>) and returns the PNG bytes.</summary>
    /// <param name="history">The epoch records, oldest first: at least one.</param>
    /// <param name="width">The picture's width in pixels (100 to 8000).</param>
    /// <param name="height">The picture's height in pixels (100 to 8000).</param>
    /// <exception cref="ArgumentException">The history is empty or a size is out of range.</exception>
    public static byte[] ToPng(IReadOnlyList<EpochRecord> history, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(history);
        OptionGuard.Require(history.Count > 0, "history", "at least one epoch record", history.Count);
        ChartFiles.CheckSize(width, height);

        var figure = new Multiplot();
        figure.AddPlots(2);
        try
        {
            return Render(figure, history, width, height);
        }
        finally
        {
            foreach (var plot in figure.GetPlots())
            {
                plot.Dispose();
            }
        }
    }

    /// <summary>Draws <paramref name="history"/> into the PNG file <paramref name="path"/>, replaced atomically.</summary>
    /// <param name="path">The PNG file to write (its folder is created when missing).</param>
    /// <param name="history">The epoch records, oldest first: at least one.</param>
    /// <param name="width">The picture's width in pixels (100 to 8000).</param>
    /// <param name="height">The picture's height in pixels (100 to 8000).</param>
    /// <exception cref="ArgumentException">The history is empty or a size is out of range.</exception>
    /// <exception cref="System.IO.IOException">The file cannot be written; an existing file is left as it was.</exception>
    public static void Write(string path, IReadOnlyList<EpochRecord> history, int width = DefaultWidth, int height = DefaultHeight) =>
        ChartFiles.Write(path, ToPng(history, width, height));

    private static byte[] Render(Multiplot figure, IReadOnlyList<EpochRecord> history, int width, int height)
    {
        figure.Layout = new ScottPlot.MultiplotLayouts.Columns();
        var epochs = history.Select(r => (double)r.Epoch + 1).ToArray();

        var loss = figure.GetPlot(0);
        AddCurve(loss, epochs, history.Select(r => r.TrainLoss), "train", LinePattern.Solid);
        AddCurve(loss, epochs, history.Select(r => r.TestLoss), "test", LinePattern.Solid);
        AddCurve(loss, epochs, history.Select(r => r.EmaTestLoss ?? double.NaN), "test, moving average", LinePattern.Dashed);
        var (upper, offScale) = LossAxis.For(history);
        Style(loss, epochs, LossAxis.Title(offScale), "mean loss per image");
        loss.Axes.SetLimitsY(0, upper);
        loss.ShowLegend(Alignment.UpperRight);

        var accuracy = figure.GetPlot(1);
        AddCurve(accuracy, epochs, history.Select(r => r.TrainTop1 * 100), "train", LinePattern.Solid);
        AddCurve(accuracy, epochs, history.Select(r => r.TestTop1 * 100), "test", LinePattern.Solid);
        AddCurve(accuracy, epochs, history.Select(r => (r.EmaTestTop1 ?? double.NaN) * 100), "test, moving average", LinePattern.Dashed);
        Style(accuracy, epochs, "Top-1 accuracy", "accuracy (%)");
        var lowest = history.SelectMany(r => new[] { r.TrainTop1, r.TestTop1, r.EmaTestTop1 ?? double.NaN }).Where(double.IsFinite).DefaultIfEmpty(0).Min() * 100;
        accuracy.Axes.SetLimitsY(Math.Max(0, Math.Floor((lowest - 5) / 10) * 10), 100);
        accuracy.ShowLegend(Alignment.LowerRight);

        using var image = figure.Render(width, height);
        return image.GetImageBytes(ImageFormat.Png);
    }

    private static void AddCurve(Plot plot, double[] epochs, IEnumerable<double> values, string label, LinePattern pattern)
    {
        var points = epochs.Zip(values).Where(p => double.IsFinite(p.Second)).ToArray();
        if (points.Length == 0)
        {
            return;
        }

        var curve = plot.Add.Scatter(points.Select(p => p.First).ToArray(), points.Select(p => p.Second).ToArray());
        curve.LegendText = label;
        curve.LinePattern = pattern;
        curve.LineWidth = 2;
        curve.MarkerSize = points.Length > 50 ? 0 : 6;
    }

    private static void Style(Plot plot, double[] epochs, string title, string yLabel)
    {
        ChartFiles.UseSansFont(plot);
        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel(yLabel);
        plot.Axes.Bottom.TickGenerator = new NumericAutomatic { IntegerTicksOnly = true };
        plot.Axes.SetLimitsX(0.5, epochs.Max() + 0.5);
    }
}
