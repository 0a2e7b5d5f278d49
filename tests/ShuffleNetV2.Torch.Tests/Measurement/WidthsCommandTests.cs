using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using FluentAssertions;
using ShuffleNet.Torch.Measurement.Widths;
using Xunit;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Tests.Measurement;

/// <summary>
/// The widths verb of benchmarks/ShuffleNetV2.Compare: the four widths side by side (small input to stay quick; params
/// do not depend on it).
/// </summary>
public sealed class WidthsCommandTests
{
    private static readonly string[] WidthNames = ["0.5", "1.0", "1.5", "2.0"];
    private static readonly int[] PaperMFlops = [41, 146, 299, 591];

    /// <summary>Parameters of the four widths with 1000 classes (torchvision's <c>num_params</c>).</summary>
    private static readonly long[] WidthParameters = [1_366_792, 2_278_604, 3_503_624, 7_393_996];

    [Fact]
    public void Run_Json_FourWidthsWithTheirParamsPaperNumbersAndPositiveLatencies()
    {
        var (exitCode, stdout, _) = Widths("--size", "32", "--format", "json");

        exitCode.Should().Be(0);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        root.GetProperty("input").EnumerateArray().Select(d => d.GetInt64()).Should().Equal(1, 3, 32, 32);
        root.GetProperty("engine").GetString().Should().Be("torchsharp");
        var widths = root.GetProperty("widths").EnumerateArray().ToList();
        widths.Select(w => w.GetProperty("width").GetString()).Should().Equal(WidthNames);
        widths.Select(w => w.GetProperty("params").GetInt64()).Should().Equal(WidthParameters);
        widths.Select(w => w.GetProperty("paperMFlops").GetInt32()).Should().Equal(PaperMFlops);
        widths.Should().OnlyContain(w => w.GetProperty("latencyMs").GetDouble() > 0);
        widths.Select(w => w.GetProperty("macs").GetInt64()).Should().BeInAscendingOrder().And.OnlyContain(m => m > 0);
        root.GetProperty("columns").EnumerateObject().Select(c => c.Name)
            .Should().Equal("width", "params", "memory(MB)", "MAdd(M)", "Flops(M)", "MACs(M)", "paper MFLOPs", "latency(ms)");
    }

    [Fact]
    public void Run_Table_OneRowPerWidthAndANoteForEachColumn()
    {
        var (exitCode, stdout, _) = Widths("--size", "32");

        exitCode.Should().Be(0);
        var lines = stdout.Split('\n');
        var header = Array.FindIndex(lines, l => l.StartsWith("width ", StringComparison.Ordinal));
        header.Should().BePositive();
        lines[header].Split("  ", StringSplitOptions.RemoveEmptyEntries).Select(h => h.Trim())
            .Should().Equal("width", "params", "memory(MB)", "MAdd(M)", "Flops(M)", "MACs(M)", "paper MFLOPs", "latency(ms)");
        for (var i = 0; i < 4; i++)
        {
            var cells = lines[header + 1 + i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            cells[0].Should().Be(WidthNames[i] + "x");
            cells[1].Should().Be(WidthParameters[i].ToString("#,0", CultureInfo.InvariantCulture));
            cells[6].Should().Be(PaperMFlops[i].ToString(CultureInfo.InvariantCulture));
            double.Parse(cells[7], CultureInfo.InvariantCulture).Should().BePositive();
        }

        foreach (var column in new[] { "params ", "memory(MB) ", "MAdd(M) ", "Flops(M) ", "MACs(M) ", "paper MFLOPs ", "latency(ms) " })
        {
            lines.Skip(header + 5).Should().Contain(l => l.StartsWith(column, StringComparison.Ordinal), $"the note explains {column.Trim()}");
        }
    }

    [Fact]
    public void Run_Csv_ReadsBack()
    {
        var (exitCode, stdout, _) = Widths("--size", "32", "--format", "csv");

        exitCode.Should().Be(0);
        var table = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(',')).ToList();
        table[0].Should().Equal("width", "params", "memory(MB)", "MAdd", "Flops", "MACs", "paper MFLOPs", "latency(ms)");
        table.Skip(1).Select(r => r[0]).Should().Equal(WidthNames);
        table.Skip(1).Select(r => long.Parse(r[1], CultureInfo.InvariantCulture)).Should().Equal(WidthParameters);
        table.Skip(1).Should().OnlyContain(r => double.Parse(r[7], CultureInfo.InvariantCulture) > 0);
    }

    [Fact]
    public void Run_Markdown_HasTheTableAndTheNotes()
    {
        var (exitCode, stdout, _) = Widths("--size", "32", "--format", "markdown");

        exitCode.Should().Be(0);
        var lines = stdout.Split('\n');
        lines.Should().Contain("| width | params | memory(MB) | MAdd(M) | Flops(M) | MACs(M) | paper MFLOPs | latency(ms) |");
        lines.Should().Contain(l => l.StartsWith("| 2.0x | 7,393,996 |", StringComparison.Ordinal));
        lines.Should().Contain(l => l.StartsWith("- **paper MFLOPs**: ", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_OnnxEngine_MeasuresWithOnnxRuntime()
    {
        var (exitCode, stdout, _) = Widths("--size", "32", "--engine", "onnx", "--format", "json");

        exitCode.Should().Be(0);
        using var json = JsonDocument.Parse(stdout);
        json.RootElement.GetProperty("engine").GetString().Should().Be("onnx");
        var widths = json.RootElement.GetProperty("widths").EnumerateArray().ToList();
        widths.Select(w => w.GetProperty("params").GetInt64()).Should().Equal(WidthParameters);
        widths.Should().OnlyContain(w => w.GetProperty("latencyMs").GetDouble() > 0);
    }

    [Fact]
    public void Run_Threads_RestoresTheThreadCount()
    {
        // The count to restore is 2 and the run's is 1, not the other way round: test processes run with one thread
        // (tests.runsettings), and two threads on cores shared with other test processes make the run several times slower.
        var original = get_num_threads();
        set_num_threads(2);
        try
        {
            var (exitCode, _, _) = Widths("--size", "32", "--threads", "1", "--format", "csv");

            exitCode.Should().Be(0);
            get_num_threads().Should().Be(2);
        }
        finally
        {
            set_num_threads(original);
        }
    }

    [Theory]
    [InlineData("--engine tensorflow", "error: --engine must be torchsharp or onnx, got 'tensorflow'.")]
    [InlineData("--size 0x10", "error: --size must be H or HxW in pixels, each a whole number of 1 or more (e.g. 224 or 224x160), got '0x10'.")]
    [InlineData("--width 1.0", "error: Unknown option '--width'.")]
    [InlineData("--threads", "error: --threads needs a value.")]
    [InlineData("--format xml", "error: --format must be table, markdown, csv or json, got 'xml'.")]
    [InlineData("--engine onnx --device cuda", "error: --engine onnx runs on the CPU; leave out --device cuda.")]
    public void Run_BadArguments_ErrorLineUsageAndExitCode2(string args, string message)
    {
        var (exitCode, stdout, stderr) = Widths(args.Split(' '));

        exitCode.Should().Be(2);
        stdout.Should().BeEmpty();
        stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal(message, "usage: " + WidthsCommand.Usage);
    }

    private static (int ExitCode, string Stdout, string Stderr) Widths(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = WidthsCommand.Run(args, stdout, stderr);
        return (exitCode, stdout.ToString(), stderr.ToString());
    }
}
