using System;
using System.Collections.Generic;
using System.Text.Json;
using FluentAssertions;
using TorchStats.Tests.Support;
using Xunit;

namespace TorchStats.Tests.Formatting;

/// <summary>
/// On a real analysis of the zoo net with torchstat's coverage (which leaves Sigmoid, Tanh and AdaptiveAvgPool2d
/// unsupported), every format names the unsupported types and the module that never ran.
/// </summary>
public sealed class EveryFormatListsProblemsTests
{
    private static readonly Lazy<StatisticsReport> Zoo = new(() =>
    {
        using var model = new ZooNet();
        return ModelStatistics.Analyze(model, [1, 3, 20, 24], new AnalysisOptions { Counters = CounterRegistry.CreateTorchstat() });
    });

    public static IEnumerable<object[]> Formats() => [["table"], ["markdown"], ["csv"], ["json"]];

    [Theory]
    [MemberData(nameof(Formats))]
    public void Format_ZooReport_NamesUnsupportedTypesAndNeverCalledModules(string format)
    {
        var text = format switch
        {
            "table" => Zoo.Value.ToTable(),
            "markdown" => Zoo.Value.ToMarkdown(),
            "csv" => Zoo.Value.ToCsv(),
            _ => Zoo.Value.ToJson(),
        };

        text.Should().Contain("Sigmoid").And.Contain("Tanh").And.Contain("AdaptiveAvgPool2d").And.Contain("unused");
        text.Should().ContainAny("never called", "neverCalled", "Never called");
        text.Should().ContainAny("unsupported", "Unsupported");
    }

    [Fact]
    public void Json_ZooReport_ParsesAndListsTheProblems()
    {
        using var json = JsonDocument.Parse(Zoo.Value.ToJson());
        var root = json.RootElement;

        root.GetProperty("neverCalled")[0].GetProperty("name").GetString().Should().Be("unused");
        root.GetProperty("unsupported").GetArrayLength().Should().Be(3);
        root.GetProperty("rows").GetArrayLength().Should().Be(25);
        root.GetProperty("totals").GetProperty("torchstat").GetProperty("params").GetString().Should().Be("1,426");
    }

    [Fact]
    public void Csv_ZooReport_MarksStatusPerRow()
    {
        var lines = Zoo.Value.ToCsv().Split('\n');

        lines[0].Should().Be(CsvFormatter.Header);
        lines.Should().Contain(l => l.StartsWith("17,unused,Conv2d,never called,,,0,0,", StringComparison.Ordinal));
        lines.Should().Contain(l => l.StartsWith("15,body.11,Sigmoid,unsupported,16 6 6,16 6 6,0,", StringComparison.Ordinal));
    }
}
