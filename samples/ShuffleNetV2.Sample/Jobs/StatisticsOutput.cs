using TorchStats;

namespace ShuffleNet.Torch.Sample;

/// <summary>A statistics report in the chosen format, with the rollup by module path when --depth asks for it.</summary>
internal static class StatisticsOutput
{
    public static string Format(StatisticsReport report, OutputFormat format, int? depth) => format switch
    {
        OutputFormat.Markdown => MarkdownFormatter.Format(report, depth),
        OutputFormat.Csv => depth is { } d ? CsvFormatter.FormatRollup(report, d) : CsvFormatter.Format(report),
        OutputFormat.Json => JsonFormatter.Format(report, depth),
        _ => TableFormatter.Format(report, depth),
    };
}
