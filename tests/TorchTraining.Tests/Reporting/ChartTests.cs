using System;
using System.IO;
using System.Linq;
using FluentAssertions;
using SkiaSharp;
using TorchTraining.Datasets;
using TorchTraining.Metrics;
using TorchTraining.Reporting;
using TorchTraining.Tests.Support;
using Xunit;

namespace TorchTraining.Tests.Reporting;

/// <summary>The PNG pictures: they decode, have the requested size, show the data (not a blank canvas) and are written atomically.</summary>
public sealed class ChartTests
{
    [Fact]
    public void TrainingCurvesChart_History_PngOfTheRequestedSizeThatChangesWithTheData()
    {
        var png = TrainingCurvesChart.ToPng(History(12, ema: true), 900, 400);
        var other = TrainingCurvesChart.ToPng(History(12, ema: false), 900, 400);

        using var bitmap = Decode(png);
        bitmap.Width.Should().Be(900);
        bitmap.Height.Should().Be(400);
        DistinctColors(bitmap).Should().BeGreaterThan(20, "the picture holds curves, text and a legend");
        other.Should().NotEqual(png, "the moving average's curves are drawn when the records have them");
    }

    [Fact]
    public void TrainingCurvesChart_OneEpoch_Draws()
    {
        using var bitmap = Decode(TrainingCurvesChart.ToPng(History(1, ema: false)));

        bitmap.Width.Should().Be(TrainingCurvesChart.DefaultWidth);
        bitmap.Height.Should().Be(TrainingCurvesChart.DefaultHeight);
    }

    [Fact]
    public void TrainingCurvesChart_EmptyHistoryOrTinySize_ThrowsNamingTheArgument()
    {
        FluentActions.Invoking(() => TrainingCurvesChart.ToPng([])).Should().Throw<ArgumentException>().WithMessage("history must be at least one epoch record, got 0.*");
        FluentActions.Invoking(() => TrainingCurvesChart.ToPng(History(2, false), width: 10)).Should().Throw<ArgumentException>().WithMessage("width must be between 100 and 8000 pixels, got 10.*");
    }

    [Fact]
    public void ConfusionMatrixChart_TenNamedClasses_SquareishPngThatGrowsWithTheClassCount()
    {
        var ten = Matrix(10);
        var png = ConfusionMatrixChart.ToPng(ten, IdxDataset.FashionMnistClasses, "Confusion matrix (test)");
        var three = ConfusionMatrixChart.ToPng(Matrix(3), ["cat", "dog", "bird"]);

        using var bitmap = Decode(png);
        using var small = Decode(three);
        bitmap.Width.Should().BeGreaterThan(small.Width);
        bitmap.Height.Should().BeInRange(bitmap.Width - 100, bitmap.Width);
        DistinctColors(bitmap).Should().BeGreaterThan(20, "the cells are shaded by count and hold text");
    }

    [Fact]
    public void ConfusionMatrixChart_WrongNameCount_Throws()
    {
        FluentActions.Invoking(() => ConfusionMatrixChart.ToPng(Matrix(3), ["a", "b"]))
            .Should().Throw<ArgumentException>().WithMessage("classNames must be null or 3 names (one per class), got 2.*");
    }

    [Fact]
    public void Write_ExistingFile_ReplacedWithoutTemporaryFilesLeft()
    {
        using var folder = new TempFolder();
        var curves = folder.File("curves.png");
        var confusion = folder.File("sub/confusion.png");
        File.WriteAllText(curves, "old");

        TrainingCurvesChart.Write(curves, History(3, ema: false));
        ConfusionMatrixChart.Write(confusion, Matrix(4));

        Decode(File.ReadAllBytes(curves)).Dispose();
        Decode(File.ReadAllBytes(confusion)).Dispose();
        Directory.GetFiles(folder.Path, "*", SearchOption.AllDirectories).Select(Path.GetFileName).Should().BeEquivalentTo(["curves.png", "confusion.png"]);
    }

    internal static EpochRecord[] History(int epochs, bool ema) =>
        Enumerable.Range(0, epochs).Select(e => new EpochRecord
        {
            Epoch = e,
            TrainLoss = 2.0 * Math.Exp(-e / 4.0) + 0.3,
            TestLoss = 1.9 * Math.Exp(-e / 4.0) + 0.35,
            TrainTop1 = 0.9 - (0.8 * Math.Exp(-e / 3.0)),
            TestTop1 = 0.88 - (0.8 * Math.Exp(-e / 3.0)),
            TestTop5 = 0.99,
            EmaTestLoss = ema ? 2.0 * Math.Exp(-e / 5.0) + 0.36 : null,
            EmaTestTop1 = ema ? 0.87 - (0.8 * Math.Exp(-e / 4.0)) : null,
            EmaTestTop5 = ema ? 0.99 : null,
        }).ToArray();

    internal static ConfusionMatrix Matrix(int classes)
    {
        var counts = new long[classes * classes];
        for (var i = 0; i < classes; i++)
        {
            for (var j = 0; j < classes; j++)
            {
                counts[(i * classes) + j] = i == j ? 40 + i : (i + (2 * j)) % 5;
            }
        }

        return new ConfusionMatrix(classes, counts);
    }

    private static SKBitmap Decode(byte[] png) => SKBitmap.Decode(png) ?? throw new InvalidDataException("Not a decodable image.");

    private static int DistinctColors(SKBitmap bitmap) => bitmap.Pixels.Distinct().Count();
}
