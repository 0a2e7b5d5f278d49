using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace TorchStats;

/// <summary>
/// The layout of pandas 1.5's <c>str(DataFrame)</c>, which torchstat prints: a left-aligned index, right-aligned columns
/// separated by one space, a leading space in every cell and in the headers of numeric columns, and float columns
/// formatted together (six decimals with common trailing zeros trimmed, or scientific when that is longer than 12
/// characters and a value exceeds 1e6). pandas' 50-character cell truncation is not copied: names stay whole.
/// </summary>
internal static class PandasLayout
{
    private const int Precision = 6;
    private const int MaxFixedLength = Precision + 6;
    private const double LargeValue = 1e6;

    public static IReadOnlyList<string> ObjectCells(IEnumerable<string> values) => values.Select(v => " " + v).ToArray();

    public static IReadOnlyList<string> FloatCells(IReadOnlyList<double> values)
    {
        var cells = TrimZeros(values.Select(v => Signed(v, PythonFormat.Fixed(v, Precision))).ToList());
        var tooLong = cells.Max(c => c.Length) > MaxFixedLength;
        var large = values.Any(v => Math.Abs(v) > LargeValue);
        return tooLong && large ? values.Select(v => Signed(v, PythonFormat.Exponent(v, Precision))).ToArray() : cells;
    }

    /// <summary>Renders the frame; returns its lines (the first is the header).</summary>
    public static IReadOnlyList<string> Render(IReadOnlyList<string> index, IReadOnlyList<Column> columns)
    {
        var indexWidth = index.Max(i => i.Length);
        var widths = columns.Select(c => Math.Max(c.Label.Length, c.Cells.Max(x => x.Length))).ToArray();
        var lines = new List<string>(index.Count + 1);
        var header = new StringBuilder(new string(' ', indexWidth));
        for (var c = 0; c < columns.Count; c++)
        {
            header.Append(' ').Append(columns[c].Label.PadLeft(widths[c]));
        }

        lines.Add(header.ToString());
        for (var r = 0; r < index.Count; r++)
        {
            var line = new StringBuilder(index[r].PadRight(indexWidth));
            for (var c = 0; c < columns.Count; c++)
            {
                line.Append(' ').Append(columns[c].Cells[r].PadLeft(widths[c]));
            }

            lines.Add(line.ToString());
        }

        return lines;
    }

    private static string Signed(double value, string text) => value < 0 ? text : " " + text;

    private static List<string> TrimZeros(List<string> cells)
    {
        static bool IsDecimal(string cell)
        {
            var trimmed = cell.TrimStart();
            var dot = trimmed.IndexOf('.', StringComparison.Ordinal);
            var digits = trimmed.TrimStart('-', '+');
            return dot > 0 && digits.Replace(".", string.Empty, StringComparison.Ordinal).All(char.IsAsciiDigit) && digits.Count(c => c == '.') == 1 && digits[0] != '.';
        }

        while (cells.Any(IsDecimal) && cells.Where(IsDecimal).All(c => c.EndsWith('0')))
        {
            cells = cells.Select(c => IsDecimal(c) ? c[..^1] : c).ToList();
        }

        return cells.Select(c => IsDecimal(c) && c.EndsWith('.') ? c + "0" : c).ToList();
    }

    /// <summary>One column: its header label (numeric columns get pandas' leading space) and its cells.</summary>
    public sealed record Column(string Header, bool Numeric, IReadOnlyList<string> Cells)
    {
        public string Label => Numeric ? " " + Header : Header;
    }
}
