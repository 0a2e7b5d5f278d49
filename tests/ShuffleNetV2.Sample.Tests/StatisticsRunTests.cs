using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using FluentAssertions;
using TorchStats;
using Xunit;

namespace ShuffleNet.Torch.Sample.Tests;

/// <summary>
/// The statistics run with options, on the root command and as stats: formats, rollup, batch, size, weights and
/// --output (0.5× at small sizes to stay quick).
/// </summary>
public sealed class StatisticsRunTests
{
    private const string HalfWidthParameters = "1,366,792";

    /// <summary>The root command without a subcommand, and the stats subcommand.</summary>
    public static TheoryData<string> Commands => new() { "", "stats" };

    [Theory]
    [MemberData(nameof(Commands))]
    public void Run_WidthAndSize_TableHasShapeLineAndTheWidthsTotals(string command)
    {
        var run = Run(command, "--width", "0.5", "--size", "64");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Lines[0].Should().Be("[4, 1000]");
        run.Lines.Should().Contain("Total params: " + HalfWidthParameters);
        run.Lines.Should().Contain(l => l.StartsWith("Input [1, 3, 64, 64] float32 on cpu, batch 1:", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Run_BatchAndRectangularSize_UsedByTheForwardPassAndTheStatistics(string command)
    {
        var run = Run(command, "--width", "0.5", "--classes", "7", "--batch", "2", "--size", "32x48");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Lines[0].Should().Be("[2, 7]");
        run.Lines.Should().Contain(l => l.StartsWith("Input [2, 3, 32, 48] float32 on cpu, batch 2:", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Run_FormatJson_ParsesWithRowsAndTotals(string command)
    {
        var run = Run(command, "--width", "0.5", "--size", "64", "--format", "json");

        run.ExitCode.Should().Be(0, run.ToString());
        using var json = JsonDocument.Parse(run.Stdout);
        var root = json.RootElement;
        root.GetProperty("model").GetString().Should().Be("ShuffleNetV2");
        root.GetProperty("input").GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).Should().Equal(1, 3, 64, 64);
        var rows = root.GetProperty("rows").EnumerateArray().ToList();
        rows.Should().HaveCount(164);
        rows[0].GetProperty("name").GetString().Should().Be("conv1.0");
        rows.Sum(r => r.GetProperty("params").GetInt64()).Should().Be(1_366_792);
        root.GetProperty("totals").GetProperty("params").GetInt64().Should().Be(1_366_792);
        root.TryGetProperty("rollup", out _).Should().BeFalse();
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Run_FormatCsv_ReadsBackWithTheHeaderRowsAndTotal(string command)
    {
        var run = Run(command, "--width", "0.5", "--size", "64", "--format", "csv");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Split('\n')[0].Should().Be(CsvFormatter.Header);
        var table = Csv.Read(run.Stdout);
        var header = table[0];
        var paramsColumn = Array.IndexOf(header, "params");
        var rows = table.Skip(1).ToList();
        rows.Should().HaveCount(165).And.OnlyContain(r => r.Length == header.Length);
        rows[0][1].Should().Be("conv1.0");
        rows[^1][0].Should().Be("total");
        rows.SkipLast(1).Sum(r => long.Parse(r[paramsColumn], System.Globalization.CultureInfo.InvariantCulture)).Should().Be(1_366_792);
        rows[^1][paramsColumn].Should().Be("1366792");
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Run_FormatMarkdown_HasTheTableAndTotals(string command)
    {
        var run = Run(command, "--width", "0.5", "--size", "64", "--format", "markdown");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Lines[0].Should().Be("# Statistics of ShuffleNetV2");
        run.Lines.Should().Contain(l => l.StartsWith("| # | module | type | status |", StringComparison.Ordinal));
        run.Lines.Should().Contain(l => l.StartsWith("|---:|---|", StringComparison.Ordinal));
        run.Lines.Should().Contain(l => l.StartsWith("| 0 | `conv1.0` | Conv2d | counted |", StringComparison.Ordinal));
        run.Lines.Should().Contain("- Total params: " + HalfWidthParameters);
        run.Stdout.Should().NotContain("[4, 1000]", "only the table format prints the shape line");
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Run_Depth1_TableEndsWithTheRollupByTopLevelModule(string command)
    {
        var run = Run(command, "--width", "0.5", "--size", "64", "--depth", "1");

        run.ExitCode.Should().Be(0, run.ToString());
        var header = Array.FindIndex(run.Lines, l => l.Contains("group (depth 1)", StringComparison.Ordinal));
        header.Should().BePositive();
        run.Lines.Skip(header + 1).Take(6).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..2])
            .Should().BeEquivalentTo(
                new[] { new[] { "0", "conv1" }, ["1", "maxpool"], ["2", "inverted_block"], ["3", "conv5"], ["4", "fc"], ["total", "164"] },
                o => o.WithStrictOrdering());
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Run_Depth2Json_HasOneGroupPerUnit(string command)
    {
        var run = Run(command, "--width", "0.5", "--size", "64", "--depth", "2", "--format", "json");

        run.ExitCode.Should().Be(0, run.ToString());
        using var json = JsonDocument.Parse(run.Stdout);
        var rollup = json.RootElement.GetProperty("rollup");
        rollup.GetProperty("depth").GetInt32().Should().Be(2);
        var names = rollup.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("name").GetString()).ToList();
        names.Should().Equal(new[] { "conv1", "maxpool" }.Concat(Enumerable.Range(0, 16).Select(i => $"inverted_block.{i}")).Concat(["conv5", "fc"]));
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Run_Depth1Csv_PrintsTheRollupInsteadOfTheRows(string command)
    {
        var run = Run(command, "--width", "0.5", "--size", "64", "--depth", "1", "--format", "csv");

        run.ExitCode.Should().Be(0, run.ToString());
        var table = Csv.Read(run.Stdout);
        table[0][0].Should().Be("group");
        table.Skip(1).Select(r => r[0]).Should().Equal("conv1", "maxpool", "inverted_block", "conv5", "fc");
        table.Skip(1).Sum(r => long.Parse(r[2], System.Globalization.CultureInfo.InvariantCulture)).Should().Be(1_366_792);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Run_Depth1Markdown_AddsTheRollupSection(string command)
    {
        var run = Run(command, "--width", "0.5", "--size", "64", "--depth", "1", "--format", "markdown");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Lines.Should().Contain("## Rollup at depth 1");
        run.Lines.Should().Contain(l => l.StartsWith("| `inverted_block` | 156 |", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Run_Weights_StatisticsOfTheFilesArchitecture(string command)
    {
        var run = Run(command, "--weights", Fixtures.TinyWeights, "--size", "64", "--format", "json");

        run.ExitCode.Should().Be(0, run.ToString());
        using var json = JsonDocument.Parse(run.Stdout);
        json.RootElement.GetProperty("totals").GetProperty("params").GetInt64().Should().Be(Fixtures.TinyParameters());
        json.RootElement.GetProperty("rows").EnumerateArray().Last().GetProperty("outputShape").EnumerateArray().Select(d => d.GetInt64())
            .Should().Equal(1, Fixtures.TinyClasses);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Run_Output_WritesTheDocumentToTheFileAndNamesIt(string command)
    {
        using var directory = new TemporaryDirectory();
        var path = directory.File("stats.json");

        var run = Run(command, "--width", "0.5", "--size", "64", "--format", "json", "--output", path);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Should().Be($"Wrote {path}\n");
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        json.RootElement.GetProperty("totals").GetProperty("params").GetInt64().Should().Be(1_366_792);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Run_Threads_RunsAndRestoresTheThreadCount(string command)
    {
        var run = Run(command, "--width", "0.5", "--size", "32", "--threads", (SampleRun.TorchThreads + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));

        run.ExitCode.Should().Be(0, run.ToString());
        run.Lines[0].Should().Be("[4, 1000]");
        TorchSharp.torch.get_num_threads().Should().Be(SampleRun.TorchThreads);
    }

    private static SampleRun Run(string command, params string[] options) => SampleRun.Of(command.Length == 0 ? options : [command, .. options]);
}
