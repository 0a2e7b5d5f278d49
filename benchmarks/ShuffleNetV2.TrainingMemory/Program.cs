using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ShuffleNet.Torch.MemoryCheck;

// Usage: dotnet run -c Release --project benchmarks/ShuffleNetV2.TrainingMemory [-- --widths 0.5,1.0 --batches 16,32,64,128
//        --optimizers sgd,adamw --size 224 --threads 2 --steps 3 --trainable all|classifier]
//        runs every configuration in a fresh process (one at a time) and prints estimate, measured and ratio per row;
//        exit code 1 when a row misses the goal (estimate within 20 % of the measurement).
//    or: ... -- calibrate [--threads 2 --steps 3]
//        measures ProcessOverhead.GlibcDefaults' two terms on configurations outside the table (see Calibration).
//    or: ... -- measure --width 1.0 --batch 32 --optimizer sgd [--size 224 --threads 2 --steps 3 --trainable all|classifier]
//        one configuration in this process; prints one JSON line.
if (args.Length > 0 && args[0] == "calibrate")
{
    var options = Options.Parse(args.Skip(1), ["threads", "steps"]);
    Calibration.Run(options.Int("threads", 2), options.Int("steps", 3), Console.Out);
    return 0;
}

if (args.Length > 0 && args[0] == "measure")
{
    var options = Options.Parse(args.Skip(1), ["width", "batch", "optimizer", "size", "threads", "steps", "trainable"]);
    var configuration = new Configuration(
        options.Text("width", "1.0"), options.Int("batch", 32), options.Text("optimizer", "sgd"), options.Int("size", 224), options.Int("threads", 2), options.Int("steps", 3),
        options.Text("trainable", "all"));
    Console.WriteLine(Measurement.Run(configuration).ToJsonString());
    return 0;
}

var settings = Options.Parse(args, ["widths", "batches", "optimizers", "size", "threads", "steps", "trainable"]);
var configurations =
    (from width in settings.Text("widths", "0.5,1.0").Split(',')
     from optimizer in settings.Text("optimizers", "sgd,adamw").Split(',')
     from batch in settings.Text("batches", "16,32,64,128").Split(',').Select(b => int.Parse(b, CultureInfo.InvariantCulture))
     select new Configuration(width, batch, optimizer, settings.Int("size", 224), settings.Int("threads", 2), settings.Int("steps", 3), settings.Text("trainable", "all"))).ToArray();
return Comparison.Run(configurations, Console.Out) ? 0 : 1;

/// <summary>--name value pairs.</summary>
internal sealed class Options(Dictionary<string, string> values)
{
    public static Options Parse(IEnumerable<string> args, string[] names)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var name = e.Current.StartsWith("--", StringComparison.Ordinal) ? e.Current[2..] : throw new ArgumentException($"Expected an option, got '{e.Current}'.");
            if (!names.Contains(name))
            {
                throw new ArgumentException($"Unknown option '--{name}'; expected one of --{string.Join(", --", names)}.");
            }

            values[name] = e.MoveNext() ? e.Current : throw new ArgumentException($"Option '--{name}' needs a value.");
        }

        return new Options(values);
    }

    public string Text(string name, string fallback) => values.GetValueOrDefault(name, fallback);

    public int Int(string name, int fallback) => values.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
}
