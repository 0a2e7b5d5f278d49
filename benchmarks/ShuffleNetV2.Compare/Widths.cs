using System;
using System.Collections.Generic;
using System.Linq;

namespace ShuffleNet.Torch.Compare;

/// <summary>Widths as the command line and the Python scripts spell them: "0.5", "1.0", "1.5", "2.0".</summary>
internal static class Widths
{
    private static readonly Dictionary<string, ShuffleNetV2Width> ByName = new(StringComparer.Ordinal)
    {
        ["0.5"] = ShuffleNetV2Width.X0_5,
        ["1.0"] = ShuffleNetV2Width.X1_0,
        ["1.5"] = ShuffleNetV2Width.X1_5,
        ["2.0"] = ShuffleNetV2Width.X2_0,
    };

    public static IReadOnlyCollection<string> Names => ByName.Keys;

    public static ShuffleNetV2Width Parse(string name) =>
        ByName.TryGetValue(name, out var width) ? width : throw new ArgumentException($"Unknown width '{name}'; use one of {string.Join(", ", Names)}.");

    public static IReadOnlyList<string> ParseList(string names) =>
        names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(n => { Parse(n); return n; }).Distinct().ToList();

    /// <summary>The file name stem for a width: "x0_5", "x1_0", ...</summary>
    public static string FileStem(string name) => "x" + Parse(name).ToString()[1..].ToLowerInvariant();
}
