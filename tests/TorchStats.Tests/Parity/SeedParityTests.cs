using System;
using System.Globalization;
using System.Linq;
using FluentAssertions;
using FluentAssertions.Execution;
using ShuffleNet.Torch;
using TorchStats.Tests.Support;
using Xunit;

namespace TorchStats.Tests.Parity;

/// <summary>The seed model (1.0×, 1×3×224×224) against torchstat's own output for it (torchstat_seed.csv).</summary>
public sealed class SeedParityTests
{
    private static readonly Lazy<StatisticsReport> Report = new(() =>
    {
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X1_0, numClasses: 1000);
        return ModelStatistics.Analyze(model, [1, 3, 224, 224]);
    });

    [Fact]
    public void Analyze_SeedModel_EveryRowMatchesTorchstatSeedCsv()
    {
        var expected = Fixtures.ReadTorchstatCsv(Fixtures.Path("torchstat_seed.csv"));
        var rows = Report.Value.Rows;

        rows.Should().HaveCount(164);
        using var scope = new AssertionScope();
        for (var i = 0; i < rows.Count; i++)
        {
            var (actual, row) = (rows[i], expected[i]);
            var because = $"row {i} ({row.Name})";
            actual.Name.Should().Be(row.Name, because);
            string.Join(' ', actual.InputShape.Skip(1)).Should().Be(row.InputShape, because);
            string.Join(' ', actual.OutputShape.Skip(1)).Should().Be(row.OutputShape, because);
            actual.Parameters.Should().Be(row.Params, because);
            actual.MemoryMB.ToString("G7", CultureInfo.InvariantCulture).Should().Be(row.Memory, because + " (the CSV prints 7 significant digits)");
            actual.MAdd.Should().Be(row.MAdd, because);
            actual.Flops.Should().Be(row.Flops, because);
            actual.MemoryReadBytes.Should().Be(row.MemRead, because);
            actual.MemoryWriteBytes.Should().Be(row.MemWrite, because);
            actual.MemoryReadWriteBytes.Should().Be(row.MemReadWrite, because);
        }
    }

    [Fact]
    public void ToTable_SeedModel_PrintsTorchstatsTotalsBlock()
    {
        var lines = Report.Value.ToTable().Split('\n');
        var start = Array.FindIndex(lines, l => l.StartsWith("Total params:", StringComparison.Ordinal));

        lines.Skip(start).Take(6).Where(l => !l.StartsWith('-')).Should().Equal(
            "Total params: 2,278,604",
            "Total memory: 22.10MB",
            "Total MAdd: 297.76MMAdd",
            "Total Flops: 150.6MFlops",
            "Total MemR+W: 51.57MB");
    }

    [Fact]
    public void Totals_SeedModel_AreTorchstatsSums()
    {
        var totals = Report.Value.Totals;

        totals.Parameters.Should().Be(2_278_604);
        totals.MAdd.Should().Be(297_755_728);
        totals.Flops.Should().Be(150_597_480);
        totals.MemoryReadWriteBytes.Should().Be(54_080_208);
        totals.MemoryMB.ToString("G7", CultureInfo.InvariantCulture).Should().Be("22.10376");
    }

    [Fact]
    public void Macs_SeedModel_IsTorchvisionsConvAndLinearCount()
    {
        var report = Report.Value;

        report.Totals.Macs.Should().Be(144_907_992, "conv 143,883,992 + linear 1,024,000 multiply-accumulates");
        report.ToTable().Should().Contain("Total MACs: 144.91M (144,907,992 ");
        Math.Round(report.Totals.Macs / 1e9, 3).Should().Be(0.145, "torchvision lists 0.145 GFLOPS for shufflenet_v2_x1_0");
    }

    [Fact]
    public void Report_SeedModel_HasNothingUnsupportedAndNothingUncalled()
    {
        var report = Report.Value;

        report.UnsupportedTypes.Should().BeEmpty();
        report.NeverCalled.Should().BeEmpty();
        report.IgnoredTypes.Should().Equal("Sequential");
        report.ModelParameters.Should().Be(report.Totals.Parameters);
        report.Rows.Should().OnlyContain(r => r.Calls == 1);
    }
}
