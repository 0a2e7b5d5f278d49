using System.Globalization;
using System.IO;
using System.Linq;
using TorchStats;

namespace ShuffleNet.Torch.MemoryCheck;

/// <summary>
/// Measures the two terms of <see cref="ProcessOverhead.GlibcDefaults"/> on configurations that are not in the table:
/// the runtime's cost of a first step (two 32×32 images, where the tensors are a few MiB) and glibc's heap
/// retention (160×160 inputs), each as what the measurement shows beyond the estimated tensors.
/// </summary>
internal static class Calibration
{
    private const double BytesPerMiB = 1024 * 1024;
    private static readonly string[] Widths = ["0.5", "1.0"];
    private static readonly int[] Batches = [32, 64];

    public static void Run(int threads, int steps, TextWriter output)
    {
        output.WriteLine($"load average before: {ShuffleNet.Torch.Measurement.MachineLoad.Average()}");
        var runtimes = Widths.Select(width =>
        {
            var configuration = new Configuration(width, 2, "sgd", 32, threads, steps);
            var growth = Comparison.Measure(configuration)["growthMiB"]!.GetValue<double>();
            var tensors = Comparison.Estimate(configuration, ProcessOverhead.None).Memory.StepBytes / BytesPerMiB;
            output.WriteLine($"runtime, {width}x at batch 2, 32x32: measured {growth:F1} MiB, tensors {tensors:F1} MiB, runtime {growth - tensors:F1} MiB");
            return growth - tensors;
        }).ToArray();
        var runtime = runtimes.Average();
        output.WriteLine($"runtime: {runtime:F1} MiB (mean)");

        var heapBlocks = ProcessOverhead.GlibcDefaults.HeapBlockBytes;
        var retentions = (from width in Widths from batch in Batches select (width, batch)).Select(c =>
        {
            var configuration = new Configuration(c.width, c.batch, "sgd", 160, threads, steps);
            var growth = Comparison.Measure(configuration)["growthMiB"]!.GetValue<double>();
            var tensors = Comparison.Estimate(configuration, ProcessOverhead.None).Memory.StepBytes / BytesPerMiB;
            var heap = Comparison.Estimate(configuration, new ProcessOverhead(0, 1, heapBlocks)).Memory.AllocatorRetainedBytes / BytesPerMiB;
            var retention = (growth - runtime - tensors) / heap;
            output.WriteLine(
                $"retention, {c.width}x at batch {c.batch}, 160x160: measured {growth:F1} MiB, tensors {tensors:F1} MiB, " +
                $"kept in heap blocks {heap:F1} MiB, retention {retention.ToString("0.00", CultureInfo.InvariantCulture)}");
            return retention;
        }).ToArray();
        output.WriteLine($"retention: {retentions.Average().ToString("0.00", CultureInfo.InvariantCulture)} (mean)");
        output.WriteLine($"load average after: {ShuffleNet.Torch.Measurement.MachineLoad.Average()}");
    }
}
