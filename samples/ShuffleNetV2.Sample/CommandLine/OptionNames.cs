using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace ShuffleNet.Torch.Sample;

/// <summary>
/// The library's messages name its options' properties (<c>Resize</c>, <c>DataPath</c>); the command line's user knows
/// them as options (<c>--resize</c>, <c>--data</c>). Each command gives the pairs it maps.
/// </summary>
internal static class OptionNames
{
    /// <summary>The message with each property name, as a whole word, replaced by its option.</summary>
    public static string Translate(string message, IEnumerable<(string Property, string Option)> names) =>
        names.Aggregate(message, (text, pair) => Regex.Replace(text, $@"\b{pair.Property}\b", pair.Option.Replace("$", "$$", System.StringComparison.Ordinal)));
}
