using System;
using System.Globalization;
using System.Linq;
using System.Text;

namespace TorchStats;

/// <summary>
/// The report as CSV: torchstat's columns (shapes per sample, memory(MB) as its float32 value, integers in full) plus
/// type, status, MACs, calls and the index of the call the row describes; a final <c>total</c> line with true sums,
/// whose status cell says which calls they cover (<c>last call</c> or <c>every call</c>). Unsupported and never-called
/// rows are marked in the status column.
/// </summary>
public static class CsvFormatter
{
    /// <summary>The header line's columns.</summary>
    public static string Header { get; } =
        "index,module name,type,status,input shape,output shape,params,memory(MB),MAdd,Flops,MemRead(B),MemWrite(B),duration[%],MemR+W(B),MACs,calls,call";

    /// <summary>Formats the rows and totals as CSV (RFC 4180 quoting, "\n" line ends).</summary>
    /// <param name="report">The report.</param>
    /// <returns>The CSV text, ending with a newline.</returns>
    public static string Format(StatisticsReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var csv = new StringBuilder().Append(Header).Append('\n');
        for (var i = 0; i < report.Rows.Count; i++)
        {
            var r = report.Rows[i];
            Line(csv, Int(i), r.Name, r.TypeName, ReportNotes.Status(r.Status), ReportNotes.PlainShape(r.InputShape), ReportNotes.PlainShape(r.OutputShape),
                Int(r.Parameters), Float(r.MemoryMB), Int(r.MAdd), Int(r.Flops), Int(r.MemoryReadBytes), Int(r.MemoryWriteBytes),
                PythonFormat.Percent(report.DurationShares[i]), Int(r.MemoryReadWriteBytes), Int(r.Macs), Int(r.Calls),
                r.CallIndex is { } call ? Int(call) : string.Empty);
        }

        var t = report.Totals;
        Line(csv, "total", string.Empty, string.Empty, ReportNotes.CallCountingText(t.CallCounting), string.Empty, string.Empty,
            Int(t.Parameters), Float(t.MemoryMB), Int(t.MAdd), Int(t.Flops), Int(t.MemoryReadBytes), Int(t.MemoryWriteBytes),
            PythonFormat.Percent(report.DurationShares.Sum()), Int(t.MemoryReadWriteBytes), Int(t.Macs), Int(CallsRun(report)), string.Empty);
        return csv.ToString();
    }

    /// <summary>The rollup by module path as CSV.</summary>
    /// <param name="report">The report.</param>
    /// <param name="depth">The path depth (1 or more); see <see cref="StatisticsReport.Rollup"/>.</param>
    /// <returns>The CSV text, ending with a newline.</returns>
    public static string FormatRollup(StatisticsReport report, int depth)
    {
        ArgumentNullException.ThrowIfNull(report);
        var csv = new StringBuilder("group,layers,params,params share,memory(MB),MAdd,MAdd share,Flops,Flops share,MemR+W(B),MemR+W share,MACs,MACs share\n");
        foreach (var g in report.Rollup(depth))
        {
            Line(csv, g.Name, Int(g.Layers), Int(g.Parameters), Double(g.ParameterShare), Double(g.MemoryMB), Int(g.MAdd), Double(g.MAddShare),
                Int(g.Flops), Double(g.FlopsShare), Int(g.MemoryReadWriteBytes), Double(g.MemoryReadWriteShare), Int(g.Macs), Double(g.MacsShare));
        }

        return csv.ToString();
    }

    /// <summary>How many leaf calls ran: each module's call count once, whichever rows the report has.</summary>
    private static long CallsRun(StatisticsReport report) =>
        report.Rows.Where(r => r.CallIndex is null || r.CallIndex == r.Calls - 1).Sum(r => (long)r.Calls);

    private static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Float(float value) => value.ToString("R", CultureInfo.InvariantCulture).ToLowerInvariant();

    private static string Double(double value) => value.ToString("R", CultureInfo.InvariantCulture).ToLowerInvariant();

    private static void Line(StringBuilder csv, params string[] cells) =>
        csv.Append(string.Join(",", cells.Select(Quote))).Append('\n');

    private static string Quote(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;
}
