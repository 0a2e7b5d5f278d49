using System;
using System.Diagnostics;
using TorchSharp;
using TorchStats;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Measurement.Soak;

/// <summary>
/// The soak routine shared by the console program and the reliability test: many forward passes of one eval-mode
/// model, each in its own dispose scope, with statistics analyses in between; resident memory and the live tensor
/// count measured at the start, after warm-up, at the end and after disposing the model. Runs on the calling thread
/// (the live count is per thread).
/// </summary>
public static class SoakRun
{
    private const ulong InputSeed = 8;

    public static SoakResult Run(SoakOptions options, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var mmapThresholdFixed = options.FixedMmapThreshold && GlibcMalloc.UseFixedMmapThreshold();
        var threadsBefore = get_num_threads();
        if (options.IntraOpThreads is { } threads)
        {
            set_num_threads(threads);
        }

        try
        {
            return Measure(options, mmapThresholdFixed, progress);
        }
        finally
        {
            set_num_threads(threadsBefore);
        }
    }

    private static SoakResult Measure(SoakOptions options, bool mmapThresholdFixed, Action<string>? progress)
    {
        var liveAtStart = LiveTensors();
        var rssStart = ProcessMemory.ResidentBytes();
        var threads = get_num_threads();
        long[] batchShape = [options.BatchSize, 3, options.ImageSize, options.ImageSize];
        long[] analysisShape = [1, 3, options.ImageSize, options.ImageSize];
        var analyses = 0;

        using var generator = new Generator(InputSeed);
        var model = ShuffleNetV2.Create(options.Width, numClasses: 1000);
        long rssAfterWarmup, rssEnd, liveAfterWarmup, liveAtEnd;
        long? mallocAfterWarmup, mallocAtEnd;
        TimeSpan warmupDuration, measuredDuration;
        try
        {
            model.eval();
            var clock = Stopwatch.StartNew();
            for (var pass = 0; pass < options.WarmupForwardPasses; pass++)
            {
                Forward(model, batchShape, generator, options.AfterForward);
                if ((pass + 1) % options.ForwardPassesPerAnalysis == 0)
                {
                    ModelStatistics.Analyze(model, analysisShape);
                }

                CollectIfDue(options, pass);
            }

            warmupDuration = clock.Elapsed;
            liveAfterWarmup = LiveTensors();
            rssAfterWarmup = ProcessMemory.ResidentBytes();
            mallocAfterWarmup = ProcessMemory.MallocInUseBytes();
            progress?.Invoke($"after warm-up: {Mib(rssAfterWarmup)}, {liveAfterWarmup} live tensors");

            clock.Restart();
            for (var pass = 0; pass < options.ForwardPasses; pass++)
            {
                Forward(model, batchShape, generator, options.AfterForward);
                if ((pass + 1) % options.ForwardPassesPerAnalysis == 0 && analyses < options.Analyses)
                {
                    ModelStatistics.Analyze(model, analysisShape);
                    analyses++;
                }

                CollectIfDue(options, pass);

                if (progress is not null && (pass + 1) % options.ProgressInterval == 0)
                {
                    progress($"{pass + 1} passes, {clock.Elapsed.TotalSeconds:F0} s: {Mib(ProcessMemory.ResidentBytes())}, {LiveTensors()} live tensors");
                }
            }

            measuredDuration = clock.Elapsed;
            liveAtEnd = LiveTensors();
            rssEnd = ProcessMemory.ResidentBytes();
            mallocAtEnd = ProcessMemory.MallocInUseBytes();
        }
        finally
        {
            model.Dispose();
        }

        return new SoakResult
        {
            Options = options,
            MmapThresholdFixed = mmapThresholdFixed,
            IntraOpThreads = threads,
            RssStartBytes = rssStart,
            RssAfterWarmupBytes = rssAfterWarmup,
            RssEndBytes = rssEnd,
            RssAfterDisposeBytes = ProcessMemory.ResidentBytes(),
            MallocInUseAfterWarmupBytes = mallocAfterWarmup,
            MallocInUseAtEndBytes = mallocAtEnd,
            LiveAtStart = liveAtStart,
            LiveAfterWarmup = liveAfterWarmup,
            LiveAtEnd = liveAtEnd,
            LiveAfterDispose = LiveTensors(),
            AnalysesRun = analyses,
            WarmupDuration = warmupDuration,
            MeasuredDuration = measuredDuration,
        };
    }

    private static void CollectIfDue(SoakOptions options, int pass)
    {
        if (options.CollectEvery > 0 && (pass + 1) % options.CollectEvery == 0)
        {
            GC.Collect();
        }
    }

    private static void Forward(ShuffleNetV2 model, long[] shape, Generator generator, Action<Tensor>? afterForward)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var logits = model.call(rand(shape, generator: generator));
        if (logits.shape[0] != shape[0])
        {
            throw new InvalidOperationException($"Expected {shape[0]} rows of logits, got shape [{string.Join(", ", logits.shape)}].");
        }

        afterForward?.Invoke(logits);
    }

    private static long LiveTensors() => DisposeScopeManager.Statistics.ThreadTotalLiveCount;

    private static string Mib(long bytes) => $"{bytes / (1024 * 1024)} MiB";
}
