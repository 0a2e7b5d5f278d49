using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using TorchShared;

namespace TorchStats;

/// <summary>The sentences every format prints besides the numbers: batch conventions, unsupported and never-called modules.</summary>
internal static class ReportNotes
{
    public static string Input(StatisticsReport report) =>
        $"Input {ShapeText.Format(report.InputShape)} {report.InputType} on {report.Device}, batch {report.BatchSize.ToString(CultureInfo.InvariantCulture)}: " +
        "memory(MB) and MAdd are per sample; Flops, MemRead(B), MemWrite(B), MemR+W(B) and MACs cover the whole batch; params do not depend on the input.";

    public static string Macs(StatisticsReport report) =>
        $"Total MACs: {PythonFormat.RoundValue(report.Totals.Macs)} ({PythonFormat.Grouped(report.Totals.Macs)} multiply-accumulates of convolution and linear layers: the papers' and torchvision's \"FLOPs\")";

    public static string Unsupported(UnsupportedLayerType type) =>
        $"{type.TypeName} ({string.Join(", ", type.Modules)})" + (type.Reasons.Count == 0 ? string.Empty : ": " + string.Join(" ", type.Reasons));

    public static string NeverCalled(LayerRow row) => $"{row.Name} ({row.TypeName})";

    public static string? Parameters(StatisticsReport report)
    {
        var missing = report.ModelParameters - report.Totals.Parameters;
        return missing == 0
            ? null
            : $"The model holds {PythonFormat.Grouped(report.ModelParameters)} parameters; {PythonFormat.Grouped(missing)} of them are in no row (held by modules that never ran or by non-leaf modules, which torchstat does not count).";
    }

    public static IEnumerable<string> Lines(StatisticsReport report)
    {
        yield return Macs(report);
        yield return Input(report);
        if (report.UnsupportedTypes.Count > 0)
        {
            yield return "Unsupported layer types (zero MAdd, Flops, MemRead, MemWrite and MACs): " + string.Join("; ", report.UnsupportedTypes.Select(Unsupported));
        }

        if (report.NeverCalled.Count > 0)
        {
            yield return "Never called (rows of zeros): " + string.Join(", ", report.NeverCalled.Select(NeverCalled));
        }

        if (Parameters(report) is { } parameters)
        {
            yield return parameters;
        }
    }

    /// <summary>The per-sample shape torchstat prints (batch dropped), dimensions right-aligned in 3 characters; never-called rows show torchstat's "0 0 0".</summary>
    public static string TorchstatShape(LayerRow row, IReadOnlyList<long> shape) =>
        string.Join(" ", (row.Calls == 0 ? [0L, 0L, 0L] : shape.Skip(1)).Select(d => d.ToString(CultureInfo.InvariantCulture).PadLeft(3)));

    /// <summary>The per-sample shape, dimensions separated by one space (empty when never called).</summary>
    public static string PlainShape(IReadOnlyList<long> shape) =>
        string.Join(" ", shape.Skip(1).Select(d => d.ToString(CultureInfo.InvariantCulture)));

    public static string Status(LayerStatus status) => status switch
    {
        LayerStatus.Counted => "counted",
        LayerStatus.IgnoredOnPurpose => "ignored",
        LayerStatus.Unsupported => "unsupported",
        _ => "never called",
    };
}
