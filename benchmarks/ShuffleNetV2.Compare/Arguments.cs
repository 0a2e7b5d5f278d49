using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace ShuffleNet.Torch.Compare;

/// <summary>The <c>--name value</c> options after a subcommand; unknown or repeated names are errors.</summary>
internal sealed class Arguments
{
    private readonly Dictionary<string, string> _values;

    private Arguments(Dictionary<string, string> values) => _values = values;

    public static Arguments Parse(IEnumerable<string> args, params string[] known)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        using var items = args.GetEnumerator();
        while (items.MoveNext())
        {
            var name = items.Current;
            if (!name.StartsWith("--", StringComparison.Ordinal) || !known.Contains(name[2..]))
            {
                throw new ArgumentException($"Unknown option '{name}'; this command takes {string.Join(", ", known.Select(k => "--" + k))}.");
            }

            if (!items.MoveNext())
            {
                throw new ArgumentException($"Option '{name}' needs a value.");
            }

            if (!values.TryAdd(name[2..], items.Current))
            {
                throw new ArgumentException($"Option '{name}' is given twice.");
            }
        }

        return new Arguments(values);
    }

    public string Text(string name, string? fallback = null) =>
        _values.TryGetValue(name, out var value) ? value : fallback ?? throw new ArgumentException($"Option '--{name}' is required.");

    public string? Optional(string name) => _values.GetValueOrDefault(name);

    public int Integer(string name, int? fallback = null, int minimum = 0)
    {
        if (!_values.TryGetValue(name, out var text))
        {
            return fallback ?? throw new ArgumentException($"Option '--{name}' is required.");
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < minimum)
        {
            throw new ArgumentException($"Option '--{name}' must be an integer of at least {minimum}, got '{text}'.");
        }

        return value;
    }

    public bool OnOff(string name, bool fallback) => Text(name, fallback ? "on" : "off") switch
    {
        "on" => true,
        "off" => false,
        var other => throw new ArgumentException($"Option '--{name}' must be 'on' or 'off', got '{other}'."),
    };
}
