using System;
using System.Diagnostics;
using System.Linq;

namespace ShuffleNet.Torch.Sample;

/// <summary>Median wall time of a repeated call, after warm-up calls that are not timed.</summary>
internal static class Latency
{
    public const int WarmupRuns = 3;
    public const int TimedRuns = 15;

    public static double MedianMilliseconds(Action run)
    {
        for (var i = 0; i < WarmupRuns; i++)
        {
            run();
        }

        var times = new double[TimedRuns];
        for (var i = 0; i < TimedRuns; i++)
        {
            var start = Stopwatch.GetTimestamp();
            run();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        var sorted = times.Order().ToArray();
        return (sorted[(TimedRuns - 1) / 2] + sorted[TimedRuns / 2]) / 2;
    }
}
