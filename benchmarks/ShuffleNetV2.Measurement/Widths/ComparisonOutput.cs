using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ShuffleNet.Torch.Classifier.Reports;

namespace ShuffleNet.Torch.Measurement.Widths;

/// <summary>The comparison in each format (table, markdown, csv, json), with a note on what each column means.</summary>
public static class ComparisonOutput
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly (string Header, string Meaning)[] Columns =
    [
        ("width", "the channel multiplier of the stages"),
        ("params", "learnable parameters (weights and biases) of all layers"),
        ("memory(MB)", "torchstat's total memory: the outputs of all layers for one image, in MiB"),
        ("MAdd(M)", "torchstat's multiply-adds for one image, in millions (a multiply-accumulate counts about 2)"),
        ("Flops(M)", "torchstat's Flops, in millions (a multiply-accumulate counts 1, plus BatchNorm, ReLU and pooling)"),
        ("MACs(M)", "multiply-accumulates of the convolution and linear layers, in millions: what the paper and torchvision call FLOPs"),
        ("paper MFLOPs", "the ShuffleNet V2 paper's complexity at 224x224 (Ma et al., ECCV 2018, Table 5): compare it with MACs at --size 224"),
        ("latency(ms)", $"median time of one forward pass of one image on this machine, after {WidthComparison.WarmupRuns} warm-up runs, over {WidthComparison.TimedRuns} runs (eval mode, no gradients); it varies from run to run"),
    ];

    /// <summary>The formats, as the command line names them.</summary>
    public static IReadOnlyList<string> Formats { get; } = ["table", "markdown", "csv", "json"];

    public static string Format(ComparisonSetup setup, IReadOnlyList<WidthMeasurement> rows, string format) => format switch
    {
        "markdown" => Markdown(setup, rows),
        "csv" => Csv(rows),
        "json" => JsonDocument(setup, rows),
        _ => Table(setup, rows),
    };

    private static string Table(ComparisonSetup setup, IReadOnlyList<WidthMeasurement> rows)
    {
        var text = new StringBuilder().Append(Title(setup)).Append("\n\n")
            .Append(TextTable.Render(Headers, rows.Select(Cells), 0)).Append('\n');
        var width = Columns.Max(c => c.Header.Length);
        foreach (var (header, meaning) in Columns)
        {
            text.Append(header.PadRight(width)).Append("  ").Append(meaning).Append('\n');
        }

        return text.ToString();
    }

    private static string Markdown(ComparisonSetup setup, IReadOnlyList<WidthMeasurement> rows)
    {
        var text = new StringBuilder("# ShuffleNetV2 widths\n\n").Append(Title(setup)).Append("\n\n")
            .Append(TextTable.Markdown(Headers, rows.Select(Cells), 0)).Append('\n');
        foreach (var (header, meaning) in Columns)
        {
            text.Append("- **").Append(header).Append("**: ").Append(meaning).Append('\n');
        }

        return text.ToString();
    }

    private static string Csv(IReadOnlyList<WidthMeasurement> rows) =>
        string.Concat(
            rows.Select(r => new[]
            {
                r.Width.ToText(), Int(r.Parameters), r.MemoryMB.ToString("R", CultureInfo.InvariantCulture), Int(r.MAdd), Int(r.Flops),
                Int(r.Macs), Int(r.PaperMFlops), r.LatencyMs.ToString("R", CultureInfo.InvariantCulture),
            })
            .Prepend(["width", "params", "memory(MB)", "MAdd", "Flops", "MACs", "paper MFLOPs", "latency(ms)"])
            .Select(cells => string.Join(",", cells) + "\n"));

    private static string JsonDocument(ComparisonSetup setup, IReadOnlyList<WidthMeasurement> rows) =>
        JsonSerializer.Serialize(
            new
            {
                input = setup.InputShape,
                engine = setup.Engine,
                device = setup.Device,
                threads = setup.Threads,
                columns = Columns.ToDictionary(c => c.Header, c => c.Meaning),
                widths = rows.Select(r => new
                {
                    width = r.Width.ToText(),
                    @params = r.Parameters,
                    memoryMB = r.MemoryMB,
                    madd = r.MAdd,
                    flops = r.Flops,
                    macs = r.Macs,
                    paperMFlops = r.PaperMFlops,
                    latencyMs = r.LatencyMs,
                }),
            },
            Json) + "\n";

    private static string Title(ComparisonSetup setup) =>
        $"ShuffleNetV2 widths at input [{string.Join(", ", setup.InputShape)}]; latency with {setup.Engine} on {setup.Device}, threads: {setup.Threads}.";

    private static IReadOnlyList<string> Headers => Columns.Select(c => c.Header).ToArray();

    private static string[] Cells(WidthMeasurement r) =>
    [
        r.Width.ToText() + "x",
        r.Parameters.ToString("#,0", CultureInfo.InvariantCulture),
        r.MemoryMB.ToString("0.00", CultureInfo.InvariantCulture),
        Millions(r.MAdd),
        Millions(r.Flops),
        Millions(r.Macs),
        Int(r.PaperMFlops),
        r.LatencyMs.ToString("0.00", CultureInfo.InvariantCulture),
    ];

    private static string Millions(long value) => (value / 1e6).ToString("0.00", CultureInfo.InvariantCulture);

    private static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);
}
