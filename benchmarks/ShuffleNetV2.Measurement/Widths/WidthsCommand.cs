using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Measurement.Widths;

/// <summary>
/// The <c>widths</c> verb of benchmarks/ShuffleNetV2.Compare: the four widths side by side (params, memory, MAdd, Flops,
/// MACs, the paper's MFLOPs, the median latency at batch 1 on this machine), with a note on each column.
/// </summary>
public static class WidthsCommand
{
    public const string Usage =
        "widths [--engine torchsharp|onnx] [--classes N] [--size H[xW]] [--device cpu|cuda] [--threads N] [--format table|markdown|csv|json] [--output FILE]";

    private static readonly string[] Names = ["engine", "classes", "size", "device", "threads", "format", "output"];

    /// <summary>Parses <paramref name="args"/> (the options after the verb), measures and writes the comparison.</summary>
    /// <returns>0, or 2 with one error line for bad arguments.</returns>
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        Dictionary<string, string> values;
        ComparisonSettings settings;
        string format;
        try
        {
            values = Parse(args);
            var (height, width) = Size(values.GetValueOrDefault("size", "224"));
            settings = new ComparisonSettings(
                Positive(values, "classes") ?? 1000, height, width, OneOf(values, "engine", ["torchsharp", "onnx"]) == "onnx", OneOf(values, "device", ["cpu", "cuda"]) == "cuda",
                Positive(values, "threads"));
            format = OneOf(values, "format", ComparisonOutput.Formats);
            if (settings.Cuda && (settings.Onnx || !cuda.is_available()))
            {
                throw new ArgumentException(settings.Onnx ? "--engine onnx runs on the CPU; leave out --device cuda." : "--device cuda: CUDA is not available here.");
            }
        }
        catch (ArgumentException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            stderr.WriteLine($"usage: {Usage}");
            return 2;
        }

        var previous = get_num_threads();
        string text;
        try
        {
            if (settings.Threads is { } threads)
            {
                set_num_threads(threads);
            }

            var (setup, rows) = WidthComparison.Run(settings);
            text = ComparisonOutput.Format(setup, rows, format);
        }
        finally
        {
            set_num_threads(previous);
        }

        if (values.TryGetValue("output", out var output))
        {
            File.WriteAllText(output, text);
            stdout.WriteLine($"Wrote {Path.GetFullPath(output)}");
        }
        else
        {
            stdout.Write(text);
        }

        return 0;
    }

    private static Dictionary<string, string> Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i += 2)
        {
            var name = args[i].StartsWith("--", StringComparison.Ordinal) ? args[i][2..] : null;
            if (name is null || !Names.Contains(name))
            {
                throw new ArgumentException($"Unknown option '{args[i]}'.");
            }

            if (i + 1 >= args.Count)
            {
                throw new ArgumentException($"--{name} needs a value.");
            }

            if (!values.TryAdd(name, args[i + 1]))
            {
                throw new ArgumentException($"--{name} is given twice.");
            }
        }

        return values;
    }

    private static int? Positive(Dictionary<string, string> values, string name) =>
        !values.TryGetValue(name, out var text) ? null
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 ? n
        : throw new ArgumentException($"--{name} must be a whole number of 1 or more, got '{text}'.");

    private static string OneOf(Dictionary<string, string> values, string name, IReadOnlyList<string> choices)
    {
        var text = values.GetValueOrDefault(name, choices[0]).ToLowerInvariant();
        return choices.Contains(text) ? text : throw new ArgumentException($"--{name} must be {string.Join(", ", choices.Take(choices.Count - 1))} or {choices[^1]}, got '{values[name]}'.");
    }

    private static (int Height, int Width) Size(string text)
    {
        var parts = text.ToLowerInvariant().Split('x');
        var sizes = parts.Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 ? n : 0).ToArray();
        return parts.Length is 1 or 2 && sizes.All(n => n >= 1)
            ? (sizes[0], sizes[^1])
            : throw new ArgumentException($"--size must be H or HxW in pixels, each a whole number of 1 or more (e.g. 224 or 224x160), got '{text}'.");
    }
}
