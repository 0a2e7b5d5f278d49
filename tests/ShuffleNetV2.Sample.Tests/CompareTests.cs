using System;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using FluentAssertions;
using Xunit;

namespace ShuffleNet.Torch.Sample.Tests;

/// <summary>compare: the four widths side by side (small input to stay quick; params do not depend on it).</summary>
public sealed class CompareTests
{
    private static readonly string[] WidthNames = ["0.5", "1.0", "1.5", "2.0"];
    private static readonly int[] PaperMFlops = [41, 146, 299, 591];

    [Fact]
    public void Run_CompareJson_FourWidthsWithTheirParamsPaperNumbersAndPositiveLatencies()
    {
        var run = SampleRun.Of("compare", "--size", "32", "--format", "json");

        run.ExitCode.Should().Be(0, run.ToString());
        using var json = JsonDocument.Parse(run.Stdout);
        var root = json.RootElement;
        root.GetProperty("input").EnumerateArray().Select(d => d.GetInt64()).Should().Equal(1, 3, 32, 32);
        root.GetProperty("engine").GetString().Should().Be("torchsharp");
        var widths = root.GetProperty("widths").EnumerateArray().ToList();
        widths.Select(w => w.GetProperty("width").GetString()).Should().Equal(WidthNames);
        widths.Select(w => w.GetProperty("params").GetInt64()).Should().Equal(Fixtures.WidthParameters);
        widths.Select(w => w.GetProperty("paperMFlops").GetInt32()).Should().Equal(PaperMFlops);
        widths.Should().OnlyContain(w => w.GetProperty("latencyMs").GetDouble() > 0);
        widths.Select(w => w.GetProperty("macs").GetInt64()).Should().BeInAscendingOrder().And.OnlyContain(m => m > 0);
        root.GetProperty("columns").EnumerateObject().Select(c => c.Name)
            .Should().Equal("width", "params", "memory(MB)", "MAdd(M)", "Flops(M)", "MACs(M)", "paper MFLOPs", "latency(ms)");
    }

    [Fact]
    public void Run_CompareTable_OneRowPerWidthAndANoteForEachColumn()
    {
        var run = SampleRun.Of("compare", "--size", "32");

        run.ExitCode.Should().Be(0, run.ToString());
        var header = Array.FindIndex(run.Lines, l => l.StartsWith("width ", StringComparison.Ordinal));
        header.Should().BePositive();
        run.Lines[header].Split("  ", StringSplitOptions.RemoveEmptyEntries).Select(h => h.Trim())
            .Should().Equal("width", "params", "memory(MB)", "MAdd(M)", "Flops(M)", "MACs(M)", "paper MFLOPs", "latency(ms)");
        for (var i = 0; i < 4; i++)
        {
            var cells = run.Lines[header + 1 + i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            cells[0].Should().Be(WidthNames[i] + "x");
            cells[1].Should().Be(Fixtures.WidthParameters[i].ToString("#,0", CultureInfo.InvariantCulture));
            cells[6].Should().Be(PaperMFlops[i].ToString(CultureInfo.InvariantCulture));
            double.Parse(cells[7], CultureInfo.InvariantCulture).Should().BePositive();
        }

        foreach (var column in new[] { "params ", "memory(MB) ", "MAdd(M) ", "Flops(M) ", "MACs(M) ", "paper MFLOPs ", "latency(ms) " })
        {
            run.Lines.Skip(header + 5).Should().Contain(l => l.StartsWith(column, StringComparison.Ordinal), $"the note explains {column.Trim()}");
        }
    }

    [Fact]
    public void Run_CompareCsv_ReadsBack()
    {
        var run = SampleRun.Of("compare", "--size", "32", "--format", "csv");

        run.ExitCode.Should().Be(0, run.ToString());
        var table = Csv.Read(run.Stdout);
        table[0].Should().Equal("width", "params", "memory(MB)", "MAdd", "Flops", "MACs", "paper MFLOPs", "latency(ms)");
        table.Skip(1).Select(r => r[0]).Should().Equal(WidthNames);
        table.Skip(1).Select(r => long.Parse(r[1], CultureInfo.InvariantCulture)).Should().Equal(Fixtures.WidthParameters);
        table.Skip(1).Should().OnlyContain(r => double.Parse(r[7], CultureInfo.InvariantCulture) > 0);
    }

    [Fact]
    public void Run_CompareMarkdown_HasTheTableAndTheNotes()
    {
        var run = SampleRun.Of("compare", "--size", "32", "--format", "markdown");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Lines.Should().Contain("| width | params | memory(MB) | MAdd(M) | Flops(M) | MACs(M) | paper MFLOPs | latency(ms) |");
        run.Lines.Should().Contain(l => l.StartsWith("| 2.0x | 7,393,996 |", StringComparison.Ordinal));
        run.Lines.Should().Contain(l => l.StartsWith("- **paper MFLOPs**: ", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_CompareWithOnnxEngine_MeasuresWithOnnxRuntime()
    {
        var run = SampleRun.Of("compare", "--size", "32", "--engine", "onnx", "--format", "json");

        run.ExitCode.Should().Be(0, run.ToString());
        using var json = JsonDocument.Parse(run.Stdout);
        json.RootElement.GetProperty("engine").GetString().Should().Be("onnx");
        var widths = json.RootElement.GetProperty("widths").EnumerateArray().ToList();
        widths.Select(w => w.GetProperty("params").GetInt64()).Should().Equal(Fixtures.WidthParameters);
        widths.Should().OnlyContain(w => w.GetProperty("latencyMs").GetDouble() > 0);
    }
}
