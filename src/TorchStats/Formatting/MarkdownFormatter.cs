using System;
using System.Globalization;
using System.Linq;
using System.Text;

namespace TorchStats;

/// <summary>The report as a Markdown document: the table, totals, unsupported types, modules that never ran and the column conventions.</summary>
public static class MarkdownFormatter
{
    /// <summary>Formats the report as Markdown.</summary>
    /// <param name="report">The report.</param>
    /// <param name="rollupDepth">When set, a rollup table by module path at this depth is added.</param>
    /// <returns>The Markdown text, ending with a newline.</returns>
    public static string Format(StatisticsReport report, int? rollupDepth = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        md.Append("# Statistics of ").Append(report.ModelName).Append("\n\n")
          .Append(ReportNotes.Input(report)).Append("\n\n")
          .Append(ReportNotes.Calls(report) is { } calls ? calls + "\n\n" : string.Empty)
          .Append("| # | module | type | status | input shape | output shape | params | memory(MB) | MAdd | Flops | MemRead(B) | MemWrite(B) | MemR+W(B) | MACs | duration[%] |\n")
          .Append("|---:|---|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (var i = 0; i < report.Rows.Count; i++)
        {
            var r = report.Rows[i];
            Row(md, i.ToString(CultureInfo.InvariantCulture), Code(ReportNotes.RowName(report, r)), r.TypeName, ReportNotes.Status(r.Status), ReportNotes.PlainShape(r.InputShape), ReportNotes.PlainShape(r.OutputShape),
                PythonFormat.Grouped(r.Parameters), PythonFormat.Fixed(r.MemoryMB, 2), PythonFormat.Grouped(r.MAdd), PythonFormat.Grouped(r.Flops),
                PythonFormat.Grouped(r.MemoryReadBytes), PythonFormat.Grouped(r.MemoryWriteBytes), PythonFormat.Grouped(r.MemoryReadWriteBytes),
                PythonFormat.Grouped(r.Macs), PythonFormat.Percent(report.DurationShares[i]));
        }

        var t = report.Totals;
        Row(md, string.Empty, "**total**", string.Empty, string.Empty, string.Empty, string.Empty,
            PythonFormat.Grouped(t.Parameters), PythonFormat.Fixed(t.MemoryMB, 2), PythonFormat.Grouped(t.MAdd), PythonFormat.Grouped(t.Flops),
            PythonFormat.Grouped(t.MemoryReadBytes), PythonFormat.Grouped(t.MemoryWriteBytes), PythonFormat.Grouped(t.MemoryReadWriteBytes),
            PythonFormat.Grouped(t.Macs), PythonFormat.Percent(report.DurationShares.Sum()));

        md.Append("\n## Totals\n\n")
          .Append("- Total params: ").Append(PythonFormat.Grouped(t.Parameters)).Append('\n')
          .Append("- Total memory: ").Append(PythonFormat.Fixed(t.MemoryMB, 2)).Append("MB\n")
          .Append("- Total MAdd: ").Append(PythonFormat.RoundValue(t.MAdd)).Append("MAdd\n")
          .Append("- Total Flops: ").Append(PythonFormat.RoundValue(t.Flops)).Append("Flops\n")
          .Append("- Total MemR+W: ").Append(PythonFormat.RoundValue(t.MemoryReadWriteBytes, binary: true)).Append("B\n")
          .Append("- ").Append(ReportNotes.Macs(report)).Append('\n');
        if (ReportNotes.Parameters(report) is { } parameters)
        {
            md.Append("- ").Append(parameters).Append('\n');
        }

        md.Append("\n## Unsupported layer types\n\n");
        md.Append(report.UnsupportedTypes.Count == 0
            ? "None.\n"
            : "Zero MAdd, Flops, MemRead, MemWrite and MACs in these rows:\n\n" + string.Concat(report.UnsupportedTypes.Select(u => "- " + ReportNotes.Unsupported(u) + "\n")));
        md.Append("\n## Never called\n\n");
        md.Append(report.NeverCalled.Count == 0
            ? "None.\n"
            : "Rows of zeros:\n\n" + string.Concat(report.NeverCalled.Select(r => "- " + ReportNotes.NeverCalled(r) + "\n")));

        if (rollupDepth is { } depth)
        {
            md.Append("\n## Rollup at depth ").Append(depth.ToString(CultureInfo.InvariantCulture)).Append("\n\n")
              .Append("| group | layers | params | params[%] | MAdd | MAdd[%] | Flops | Flops[%] | MemR+W(B) | MemR+W[%] | MACs | MACs[%] |\n")
              .Append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            foreach (var g in report.Rollup(depth))
            {
                Row(md, Code(g.Name), g.Layers.ToString(CultureInfo.InvariantCulture), PythonFormat.Grouped(g.Parameters), PythonFormat.Percent(g.ParameterShare),
                    PythonFormat.Grouped(g.MAdd), PythonFormat.Percent(g.MAddShare), PythonFormat.Grouped(g.Flops), PythonFormat.Percent(g.FlopsShare),
                    PythonFormat.Grouped(g.MemoryReadWriteBytes), PythonFormat.Percent(g.MemoryReadWriteShare), PythonFormat.Grouped(g.Macs), PythonFormat.Percent(g.MacsShare));
            }
        }

        md.Append("\n## Conventions\n\n| column | batch | meaning |\n|---|---|---|\n");
        foreach (var column in StatisticsColumns.All)
        {
            Row(md, column.Header, column.ScopeText, column.Description);
        }

        return md.ToString();
    }

    private static string Code(string name) => name.Length == 0 ? "(model)" : "`" + name + "`";

    private static void Row(StringBuilder md, params string[] cells) =>
        md.Append("| ").Append(string.Join(" | ", cells.Select(c => c.Replace("|", "\\|", StringComparison.Ordinal)))).Append(" |\n");
}
