using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using TorchShared;

namespace TorchStats;

/// <summary>The sentences every format prints besides the numbers: batch conventions, unsupported and never-called modules.</summary>
internal static class ReportNotes
{
    public static string Input(StatisticsReport report) =>
        (report.Inputs.Count == 1 ? $"Input {ShapeText.Format(report.InputShape)} {report.InputType}" : "Inputs " + string.Join(", ", report.Inputs)) +
        $" on {report.Device}, batch {report.BatchSize.ToString(CultureInfo.InvariantCulture)}: " +
        "memory(MB) and MAdd are per sample; Flops, MemRead(B), MemWrite(B), MemR+W(B) and MACs cover the whole batch; params do not depend on the input.";

    public static string Macs(StatisticsReport report) =>
        $"Total MACs: {PythonFormat.RoundValue(report.Totals.Macs)} ({PythonFormat.Grouped(report.Totals.Macs)} multiply-accumulates of convolution and linear layers: the papers' and torchvision's \"FLOPs\")";

    /// <summary>What the rows cover when every call is counted; null for torchstat's last call, which its table implies.</summary>
    public static string? Calls(StatisticsReport report) =>
        report.CallCounting == CallCounting.EveryCall
            ? "Every call counted: a module that ran N times has N rows, name#0 to name#N-1 in the order of its calls, its params in the first; " +
              "the totals cover every call. Calls of functions (torch.cat, functional.relu, a residual +) are never counted."
            : null;

    /// <summary>The row's name, with <c>#k</c> for call k of a module that ran more than once when every call is counted.</summary>
    public static string RowName(StatisticsReport report, LayerRow row) =>
        report.CallCounting == CallCounting.EveryCall && row.Calls > 1 && row.CallIndex is { } call
            ? $"{row.Name}#{call.ToString(CultureInfo.InvariantCulture)}"
            : row.Name;

    /// <summary>The call counting in words, as CSV and JSON write it.</summary>
    public static string CallCountingText(CallCounting callCounting) =>
        callCounting == CallCounting.EveryCall ? "every call" : "last call";

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
        if (Calls(report) is { } calls)
        {
            yield return calls;
        }

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
