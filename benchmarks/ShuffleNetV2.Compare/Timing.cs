using System.Diagnostics;
using ShuffleNet.Torch.Compare.Engines;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Compare;

/// <summary>Warm-up runs, then timed runs one by one; each time covers the run and freeing its tensors.</summary>
internal static class Timing
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
}
