using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace ShuffleNet.Torch.Classifier.Reports;

/// <summary>Plain-text, Markdown and CSV tables: numbers right-aligned, text columns left-aligned.</summary>
internal static class TextTable
{
    /// <summary>Columns padded to their widest cell, two spaces apart.</summary>
    /// <param name="headers">The column names.</param>
    /// <param name="rows">The cells, one list per row.</param>
    /// <param name="textColumns">The indexes of the left-aligned columns.</param>
    public static string Render(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, params int[] textColumns)
    {
        var all = rows.Prepend(headers).ToList();
        var widths = headers.Select((_, c) => all.Max(r => r[c].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in all)
        {
            var cells = row.Select((cell, c) => textColumns.Contains(c) ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]));
            text.Append(string.Join("  ", cells).TrimEnd()).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>A Markdown table with the same alignment.</summary>
    /// <inheritdoc cref="Render" path="/param"/>
    public static string Markdown(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, params int[] textColumns)
    {
        var text = new StringBuilder();
        text.Append("| ").Append(string.Join(" | ", headers)).Append(" |\n");
        text.Append('|').Append(string.Concat(headers.Select((_, c) => textColumns.Contains(c) ? "---|" : "---:|"))).Append('\n');
        foreach (var row in rows)
        {
            text.Append("| ").Append(string.Join(" | ", row.Select(cell => cell.Replace("|", "\\|", StringComparison.Ordinal)))).Append(" |\n");
        }

        return text.ToString();
    }

    /// <summary>RFC 4180 CSV: a header row, then the rows; a cell is quoted when it holds a comma, a quote or a line break, or starts or ends with a space.</summary>
    /// <param name="headers">The column names.</param>
    /// <param name="rows">The cells, one list per row.</param>
    public static string Csv(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var text = new StringBuilder();
        foreach (var row in rows.Prepend(headers))
        {
            text.Append(string.Join(",", row.Select(CsvCell))).Append('\n');
        }

        return text.ToString();
    }

    private static string CsvCell(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 || (cell.Length > 0 && (char.IsWhiteSpace(cell[0]) || char.IsWhiteSpace(cell[^1])))
            ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : cell;
}
