using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using ShuffleNet.Torch.Measurement;
using TorchTraining;
using TorchTraining.Datasets;
using TorchTraining.Loading;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Compare.Training;

/// <summary>
/// The loader's cost: blocks of training steps with this library's <see cref="Trainer"/> fed by its
/// <see cref="DataLoader"/> (the sample's augmentation for IDX data, background workers), against the same number of
/// steps on batches preloaded in memory (taken from the same loader beforehand), interleaved in rounds with the order
/// reversed every round. Each block is a fresh trainer on the same network, timed from the start of its run (the
/// loader's workers start and fill their queue then) to the end of its last step; the CPU time of the process in the
/// block is reported beside it. Passes (full runs) when the median block with the loader takes at most 5 % longer.
/// </summary>
internal static class LoaderCostCommand
{
    public const double RandomErasing = 0.1;
    public const double MaxSlowdown = 0.05;

    public static int Run(IReadOnlyList<string> args)
    {
        var quick = args.Contains("--quick");
        var arguments = Arguments.Parse(args.Where(a => a != "--quick"), "data", "width", "size", "batch", "workers", "threads", "rounds", "steps", "preloaded", "limit", "warmup");
        var width = ShuffleNetV2Widths.Parse(arguments.Text("width", "0.5"));
        var size = arguments.Integer("size", quick ? 32 : 56, minimum: 16);
        var batch = arguments.Integer("batch", quick ? 16 : 128, minimum: 1);
        var workers = arguments.Integer("workers", 2);
        var rounds = arguments.Integer("rounds", quick ? 2 : 3, minimum: 1);
        var steps = arguments.Integer("steps", quick ? 3 : 100, minimum: 1);
        var preloadedCount = arguments.Integer("preloaded", quick ? 2 : 16, minimum: 1);
        var warmup = arguments.Integer("warmup", quick ? 1 : 10, minimum: 1);
        int? limit = arguments.Optional("limit") is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : quick ? 512 : null;
        var data = arguments.Text("data", FashionMnistData.DefaultFolder);
        set_num_threads(arguments.Integer("threads", 2, minimum: 1));

        var recipe = MemorySoakCommand.SampleLikeRecipe(size, batch, epochs: 10);
        var dataset = FashionMnistData.Open(data, IdxSplit.Train, limit);
        var loader = FashionMnistData.TrainLoader(dataset, recipe, shuffle: true, seed: 1, workers: workers, randomErasing: RandomErasing, dropLast: true);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"The loader's cost{(quick ? " (quick: proves it runs; the numbers mean nothing)" : "")}: ShuffleNetV2 {width.ToText()}, {dataset.Count} training images of {data} "
            + $"({loader.BatchCount} steps per epoch), {size}x{size}, batch {batch}, {get_num_threads()} threads; DataLoader with {workers} worker(s), queue of "
            + $"{loader.Options.PrefetchBatches?.ToString(CultureInfo.InvariantCulture) ?? $"{2 * Math.Max(workers, 1)} (default)"} batches; augmentation Resize, "
            + $"RandomCrop(padding {recipe.CropPadding}), RandomHorizontalFlip, ToTensor(3), Normalize, RandomErasing({RandomErasing})"));
        Console.WriteLine($"load average before: {MachineLoad.Average()}");

        manual_seed(0);
        using var model = ShuffleNetV2.Create(width, numClasses: TrainingWorker.Classes);
        var options = recipe.ToOptions();
        Console.WriteLine(ProductionCost(dataset, recipe, batch));
        using var preloaded = new RepeatedBatchSource(loader, epoch: 0, preloadedCount);
        Console.WriteLine($"preloaded: the first {preloaded.DistinctBatches} batches of the loader's epoch 0, in memory, handed out in turn as views");

        var warm = Block(model, preloaded, preloaded, options, warmup);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warm-up: {warmup} steps on the preloaded batches, {warm.MillisecondsPerStep:F1} ms per step"));
        Console.WriteLine($"{rounds} rounds of {steps} steps per side, order reversed every round; ms per step from the start of the block's run (incl. the first batch), steady (after the first step), process CPU ms per step");
        var withLoader = new List<BlockTime>();
        var inMemory = new List<BlockTime>();
        for (var round = 0; round < rounds; round++)
        {
            var loaderFirst = round % 2 == 0;
            for (var side = 0; side < 2; side++)
            {
                var isLoader = (side == 0) == loaderFirst;
                var time = Block(model, isLoader ? loader : preloaded, preloaded, options, steps);
                (isLoader ? withLoader : inMemory).Add(time);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  round {round + 1} {(isLoader ? "loader   " : "preloaded")}: {time.MillisecondsPerStep,7:F1} ms/step, steady {time.SteadyMillisecondsPerStep,7:F1}, "
                    + $"first step {time.FirstStepMilliseconds,7:F1} ms, CPU {time.CpuMillisecondsPerStep,7:F1} ms/step"));
            }
        }

        Console.WriteLine($"load average after: {MachineLoad.Average()}");
        return Verdict(withLoader, inMemory, quick);
    }

    private static int Verdict(List<BlockTime> withLoader, List<BlockTime> inMemory, bool quick)
    {
        var loaderMedian = Median(withLoader.Select(t => t.MillisecondsPerStep));
        var memoryMedian = Median(inMemory.Select(t => t.MillisecondsPerStep));
        var ratio = loaderMedian / memoryMedian;
        var steadyRatio = Median(withLoader.Select(t => t.SteadyMillisecondsPerStep)) / Median(inMemory.Select(t => t.SteadyMillisecondsPerStep));
        var cpuRatio = Median(withLoader.Select(t => t.CpuMillisecondsPerStep)) / Median(inMemory.Select(t => t.CpuMillisecondsPerStep));
        var roundRatios = withLoader.Zip(inMemory, (l, m) => l.MillisecondsPerStep / m.MillisecondsPerStep);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"median ms per step: loader {loaderMedian:F1}, preloaded {memoryMedian:F1}; ratio {ratio:F3} (per round {string.Join(", ", roundRatios.Select(r => r.ToString("F3", CultureInfo.InvariantCulture)))}); "
            + $"steady-state ratio {steadyRatio:F3}; CPU-time ratio {cpuRatio:F3}"));
        var ok = quick || ratio <= 1 + MaxSlowdown;
        Console.WriteLine(quick ? "quick run: no verdict" : ok ? "PASS: the steps with the loader took at most 5 % longer than on preloaded batches." : "FAIL: the loader's cost is not hidden (more than 5 %).");
        return ok ? 0 : 1;
    }

    /// <summary>What the loader's transforms cost on one thread with nothing else running: a few batches made on this thread (no workers).</summary>
    private static string ProductionCost(IImageDataset dataset, TrainingRecipe recipe, int batch)
    {
        var inline = FashionMnistData.TrainLoader(dataset, recipe, shuffle: true, seed: 2, workers: 0, randomErasing: RandomErasing, dropLast: true);
        var count = Math.Min(8, inline.BatchCount);
        // The first batches (JIT compilation of the transforms, tier 0 then optimised) are left out.
        foreach (var made in inline.GetBatches(1).Take(count))
        {
            made.Dispose();
        }

        var clock = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        foreach (var made in inline.GetBatches(0).Take(count))
        {
            made.Dispose();
        }

        var elapsed = clock.Elapsed.TotalMilliseconds;
        var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
        return string.Create(CultureInfo.InvariantCulture,
            $"the loader's work alone, on the calling thread (no workers): {elapsed / count:F1} ms per batch of {batch} ({1000 * elapsed / (count * batch):F0} µs per image), CPU {cpuMs / count:F1} ms per batch ({count} batches)");
    }

    private static BlockTime Block(ShuffleNetV2 model, IBatchSource source, IBatchSource test, TrainingOptions options, int steps)
    {
        var clock = new StepClock();
        using var stop = new CancellationTokenSource();
        clock.Start(steps, stop);
        using var trainer = new Trainer(model, source, test, options, clock);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var start = Stopwatch.GetTimestamp();
        try
        {
            trainer.Run(stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }

        var ends = clock.Ends;
        var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
        if (ends.Count != steps)
        {
            throw new InvalidOperationException($"A block ran {ends.Count} steps instead of {steps} (the epoch has {source.BatchCount}).");
        }

        return new BlockTime(
            Stopwatch.GetElapsedTime(start, ends[^1]).TotalMilliseconds / steps,
            steps > 1 ? Stopwatch.GetElapsedTime(ends[0], ends[^1]).TotalMilliseconds / (steps - 1) : double.NaN,
            Stopwatch.GetElapsedTime(start, ends[0]).TotalMilliseconds,
            cpuMs / steps);
    }

    private static double Median(IEnumerable<double> values) => Timing.Median([.. values]);

    /// <summary>One block: ms per step from the run's start, ms per step after the first, the first step's ms, process CPU ms per step.</summary>
    private sealed record BlockTime(double MillisecondsPerStep, double SteadyMillisecondsPerStep, double FirstStepMilliseconds, double CpuMillisecondsPerStep);
}
