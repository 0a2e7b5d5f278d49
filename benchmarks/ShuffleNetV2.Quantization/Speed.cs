using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ShuffleNet.Torch.Measurement;
using ShuffleNet.Torch.Measurement.Engines;

/// <summary>
/// Float against int8 ONNX Runtime in one process: both sessions open side by side; each round times every width and
/// batch with both engines, one after the other, the order alternating from round to round, each time the median of a
/// number of runs after a short warm-up. The table gives the median of the round medians and their ratio, and the
/// spread of the per-round ratios.
/// </summary>
internal static class Speed
{
    private const int FirstWarmup = 10;
    private const int Warmup = 3;

    public static void Run(IReadOnlyList<PreparedModel> models, Settings settings)
    {
        var engines = models.Select(m => (Model: m, Float: (IEngine)OnnxRuntimeEngine.Load(m.FloatPath, settings.Threads), Int8: Int8Engine(m, settings))).ToList();
        var inputs = settings.Batches.ToDictionary(b => b, b => SmoothImages.Batch(b, settings.Size, settings.Size, seed: 5000 + b));
        var floatTimes = new Dictionary<(string, int), List<double>>();
        var int8Times = new Dictionary<(string, int), List<double>>();
        try
        {
            for (var round = 0; round < settings.Rounds; round++)
            {
                foreach (var (model, floatEngine, int8Engine) in engines)
                {
                    foreach (var batch in settings.Batches)
                    {
                        var key = (model.Name, batch);
                        var warmup = round == 0 ? FirstWarmup : Warmup;
                        var order = round % 2 == 0 ? new[] { false, true } : [true, false];
                        foreach (var int8 in order)
                        {
                            var median = Timing.MedianMilliseconds(int8 ? int8Engine : floatEngine, inputs[batch], warmup, settings.Iterations);
                            Add(int8 ? int8Times : floatTimes, key, median);
                        }
                    }
                }

                Console.WriteLine($"round {round + 1}/{settings.Rounds} done; load average {LoadAverage()}");
            }
        }
        finally
        {
            foreach (var (_, floatEngine, int8Engine) in engines)
            {
                floatEngine.Dispose();
                int8Engine.Dispose();
            }

            foreach (var input in inputs.Values)
            {
                input.Dispose();
            }
        }

        Console.WriteLine();
        Console.WriteLine($"| width | batch | float ms | int8 ms | int8 / float | per-round ratio min-max | float ms/image | int8 ms/image | file int8 / float |");
        Console.WriteLine($"|---|---|---|---|---|---|---|---|---|");
        foreach (var model in models)
        {
            var size = (double)new FileInfo(model.Int8Path).Length / new FileInfo(model.FloatPath).Length;
            foreach (var batch in settings.Batches)
            {
                var f = floatTimes[(model.Name, batch)];
                var q = int8Times[(model.Name, batch)];
                var ratios = f.Zip(q, (a, b) => b / a).ToArray();
                var floatMedian = Timing.Median([.. f]);
                var int8Median = Timing.Median([.. q]);
                Console.WriteLine($"| {model.Name} | {batch} | {floatMedian:F2} | {int8Median:F2} | {int8Median / floatMedian:F2} | {ratios.Min():F2}-{ratios.Max():F2} | {floatMedian / batch:F3} | {int8Median / batch:F3} | {size:F3} |");
            }
        }
    }

    // The library's session, unless the run asks for another optimization level.
    private static IEngine Int8Engine(PreparedModel model, Settings settings) =>
        settings.Int8Optimization is { } level ? new OptimizationLevelEngine(model.Int8Path, settings.Threads, level) : OnnxRuntimeEngine.Load(model.Int8Path, settings.Threads);

    private static void Add(Dictionary<(string, int), List<double>> times, (string, int) key, double value)
    {
        if (!times.TryGetValue(key, out var list))
        {
            times[key] = list = [];
        }

        list.Add(value);
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
}
