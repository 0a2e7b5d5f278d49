using System.Diagnostics;
using System.Linq;
using ShuffleNet.Torch.Measurement.Engines;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Measurement;

/// <summary>Warm-up runs, then timed runs one by one; each time covers the run and freeing its tensors.</summary>
public static class Timing
{
    public static double[] Milliseconds(IEngine engine, Tensor input, int warmup, int iterations)
    {
        for (var i = 0; i < warmup; i++)
        {
            using var scope = NewDisposeScope();
            engine.Run(input);
        }

        var times = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var start = Stopwatch.GetTimestamp();
            using (NewDisposeScope())
            {
                engine.Run(input);
            }

            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        return times;
    }

    /// <summary>The median of <see cref="Milliseconds"/>.</summary>
    public static double MedianMilliseconds(IEngine engine, Tensor input, int warmup, int iterations) => Median(Milliseconds(engine, input, warmup, iterations));

    public static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return (sorted[(sorted.Length - 1) / 2] + sorted[sorted.Length / 2]) / 2;
    }
}
