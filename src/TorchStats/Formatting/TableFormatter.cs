using System;
using System.Linq;
using System.Text;

namespace TorchStats;

/// <summary>
/// torchstat's printed report: the same table (pandas' layout, cell for cell) and totals block, followed by the MACs
/// total, the batch conventions, unsupported layer types and modules that never ran. One difference, on purpose: the
/// total row's MemRead(B) and MemWrite(B) are the true sums, where torchstat repeats the last row's values.
/// </summary>
public static class TableFormatter
{
    /// <summary>Formats the report as torchstat prints it, plus this library's notes.</summary>
    /// <param name="report">The report.</param>
    /// <param name="rollupDepth">When set, a rollup table by module path at this depth follows.</param>
    /// <returns>The text, ending with a newline.</returns>
    public static string Format(StatisticsReport report, int? rollupDepth = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var lines = TorchstatTable(report);
        var width = lines[0].Length;
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            text.Append(line).Append('\n');
        }

        var totals = report.Totals;
        text.Append('=', width).Append('\n')
            .Append("Total params: ").Append(PythonFormat.Grouped(totals.Parameters)).Append('\n')
            .Append('-', width).Append('\n')
            .Append("Total memory: ").Append(PythonFormat.Fixed(totals.MemoryMB, 2)).Append("MB\n")
            .Append("Total MAdd: ").Append(PythonFormat.RoundValue(totals.MAdd)).Append("MAdd\n")
            .Append("Total Flops: ").Append(PythonFormat.RoundValue(totals.Flops)).Append("Flops\n")
            .Append("Total MemR+W: ").Append(PythonFormat.RoundValue(totals.MemoryReadWriteBytes, binary: true)).Append("B\n")
            .Append('-', width).Append('\n');
        foreach (var note in ReportNotes.Lines(report))
        {
            text.Append(note).Append('\n');
        }

        if (rollupDepth is { } depth)
        {
            text.Append('\n').Append(RollupTable(report, depth));
        }

        return text.ToString();
    }

    /// <summary>The rollup by module path as a text table with each group's share of the totals.</summary>
    /// <param name="report">The report.</param>
    /// <param name="depth">The path depth (1 or more); see <see cref="StatisticsReport.Rollup"/>.</param>
    /// <returns>The text, ending with a newline.</returns>
    public static string RollupTable(StatisticsReport report, int depth)
    {
        ArgumentNullException.ThrowIfNull(report);
        var groups = report.Rollup(depth);
        var index = groups.Select((_, i) => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append("total").ToArray();
        var totals = report.Totals;
        PandasLayout.Column Text(string header, Func<RollupGroup, string> cell, string total) =>
            new(header, false, PandasLayout.ObjectCells(groups.Select(cell).Append(total)));

        var columns = new[]
        {
            Text($"group (depth {depth})", g => g.Name, string.Empty),
            Text("layers", g => g.Layers.ToString(System.Globalization.CultureInfo.InvariantCulture), report.Rows.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Text("params", g => PythonFormat.Grouped(g.Parameters), PythonFormat.Grouped(totals.Parameters)),
            Text("params[%]", g => PythonFormat.Percent(g.ParameterShare), PythonFormat.Percent(1)),
            Text("MAdd", g => PythonFormat.Grouped(g.MAdd), PythonFormat.Grouped(totals.MAdd)),
            Text("MAdd[%]", g => PythonFormat.Percent(g.MAddShare), PythonFormat.Percent(1)),
            Text("Flops", g => PythonFormat.Grouped(g.Flops), PythonFormat.Grouped(totals.Flops)),
            Text("Flops[%]", g => PythonFormat.Percent(g.FlopsShare), PythonFormat.Percent(1)),
            Text("MemR+W(B)", g => PythonFormat.Grouped(g.MemoryReadWriteBytes), PythonFormat.Grouped(totals.MemoryReadWriteBytes)),
            Text("MemR+W[%]", g => PythonFormat.Percent(g.MemoryReadWriteShare), PythonFormat.Percent(1)),
            Text("MACs", g => PythonFormat.Grouped(g.Macs), PythonFormat.Grouped(totals.Macs)),
            Text("MACs[%]", g => PythonFormat.Percent(g.MacsShare), PythonFormat.Percent(1)),
        };
        var text = new StringBuilder();
        foreach (var line in PandasLayout.Render(index, columns))
        {
            text.Append(line).Append('\n');
        }

        return text.ToString();
    }

    internal static System.Collections.Generic.IReadOnlyList<string> TorchstatTable(StatisticsReport report)
    {
        var rows = report.Rows;
        var totals = report.Totals;
        var index = rows.Select((_, i) => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append("total").ToArray();
        PandasLayout.Column Text(string header, Func<LayerRow, int, string> cell, string total) =>
            new(header, false, PandasLayout.ObjectCells(rows.Select(cell).Append(total)));
        PandasLayout.Column Number(string header, Func<LayerRow, long> cell, long total) =>
            new(header, true, PandasLayout.FloatCells(rows.Select(r => (double)cell(r)).Append(total).ToArray()));

        var columns = new[]
        {
            Text("module name", (r, _) => ReportNotes.RowName(report, r), " "),
            Text("input shape", (r, _) => ReportNotes.TorchstatShape(r, r.InputShape), " "),
            Text("output shape", (r, _) => ReportNotes.TorchstatShape(r, r.OutputShape), " "),
            Number("params", r => r.Parameters, totals.Parameters),
            Text("memory(MB)", (r, _) => PythonFormat.Fixed(r.MemoryMB, 2), PythonFormat.Fixed(totals.MemoryMB, 2)),
            Text("MAdd", (r, _) => PythonFormat.ReprGrouped(r.MAdd), PythonFormat.ReprGrouped(totals.MAdd)),
            Text("Flops", (r, _) => PythonFormat.ReprGrouped(r.Flops), PythonFormat.ReprGrouped(totals.Flops)),
            Number("MemRead(B)", r => r.MemoryReadBytes, totals.MemoryReadBytes),
            Number("MemWrite(B)", r => r.MemoryWriteBytes, totals.MemoryWriteBytes),
            Text("duration[%]", (_, i) => PythonFormat.Percent(report.DurationShares[i]), PythonFormat.Percent(report.DurationShares.Sum())),
            Number("MemR+W(B)", r => r.MemoryReadWriteBytes, totals.MemoryReadWriteBytes),
        };
        return PandasLayout.Render(index, columns);
    }
}
