using System;
using System.IO;
using FluentAssertions;
using TorchStats.Tests.Support;
using Xunit;

namespace TorchStats.Tests.Formatting;

/// <summary>
/// Each formatter's output for a synthetic report, against a reviewed golden file in Fixtures/golden. After an intended
/// change: TORCHSTATS_UPDATE_GOLDEN=1 dotnet test --filter FullyQualifiedName~FormatterGoldenTests, then review the diff.
/// </summary>
public sealed class FormatterGoldenTests
{
    [Fact]
    public void TableFormatter_SyntheticReport_MatchesGolden() => Golden("table.txt", TableFormatter.Format(SyntheticReports.Mixed()));

    [Fact]
    public void TableFormatter_WithRollup_MatchesGolden() => Golden("table_rollup.txt", TableFormatter.Format(SyntheticReports.Mixed(), rollupDepth: 1));

    [Fact]
    public void MarkdownFormatter_SyntheticReport_MatchesGolden() => Golden("report.md", MarkdownFormatter.Format(SyntheticReports.Mixed(), rollupDepth: 1));

    [Fact]
    public void CsvFormatter_SyntheticReport_MatchesGolden() => Golden("report.csv", CsvFormatter.Format(SyntheticReports.Mixed()));

    [Fact]
    public void CsvFormatter_Rollup_MatchesGolden() => Golden("rollup.csv", CsvFormatter.FormatRollup(SyntheticReports.Mixed(), 1));

    [Fact]
    public void JsonFormatter_SyntheticReport_MatchesGolden() => Golden("report.json", JsonFormatter.Format(SyntheticReports.Mixed(), rollupDepth: 1));

    [Fact]
    public void TableFormatter_EveryCallReport_MatchesGolden() => Golden("table_every_call.txt", TableFormatter.Format(SyntheticReports.EveryCall()));

    [Fact]
    public void MarkdownFormatter_EveryCallReport_MatchesGolden() => Golden("report_every_call.md", MarkdownFormatter.Format(SyntheticReports.EveryCall()));

    [Fact]
    public void CsvFormatter_EveryCallReport_MatchesGolden() => Golden("report_every_call.csv", CsvFormatter.Format(SyntheticReports.EveryCall()));

    [Fact]
    public void JsonFormatter_EveryCallReport_MatchesGolden() => Golden("report_every_call.json", JsonFormatter.Format(SyntheticReports.EveryCall()));

    [Fact]
    public void ReportShortcuts_AreTheFormatters()
    {
        var report = SyntheticReports.Mixed();

        report.ToTable().Should().Be(TableFormatter.Format(report));
        report.ToMarkdown().Should().Be(MarkdownFormatter.Format(report));
        report.ToCsv().Should().Be(CsvFormatter.Format(report));
        report.ToJson().Should().Be(JsonFormatter.Format(report));
    }

    private static void Golden(string name, string actual)
    {
        if (Environment.GetEnvironmentVariable("TORCHSTATS_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Fixtures.SourcePath("golden"));
            File.WriteAllText(Fixtures.SourcePath("golden", name), actual);
        }

        actual.Should().Be(File.ReadAllText(Fixtures.Path("golden", name)), $"the output must match Fixtures/golden/{name}");
    }
}
