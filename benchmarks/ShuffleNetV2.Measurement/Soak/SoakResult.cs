using System;
using System.Globalization;
using System.Text;

namespace ShuffleNet.Torch.Measurement.Soak;

/// <summary>
/// What a soak run measured. Resident sizes are taken after a full garbage collection; live counts are TorchSharp's
/// per-thread count of native tensors not yet disposed (<c>DisposeScopeManager.Statistics.ThreadTotalLiveCount</c>).
/// </summary>
public sealed record SoakResult
{
    public required SoakOptions Options { get; init; }

    public required long RssStartBytes { get; init; }

    public required long RssAfterWarmupBytes { get; init; }

    public required long RssEndBytes { get; init; }

    public required long RssAfterDisposeBytes { get; init; }

    /// <summary>glibc's malloc'd bytes in use after warm-up (null without glibc): what RSS would be without allocator and runtime caching.</summary>
    public required long? MallocInUseAfterWarmupBytes { get; init; }

    /// <summary>glibc's malloc'd bytes in use at the end (null without glibc).</summary>
    public required long? MallocInUseAtEndBytes { get; init; }

    public required long LiveAtStart { get; init; }

    public required long LiveAfterWarmup { get; init; }

    public required long LiveAtEnd { get; init; }

    public required long LiveAfterDispose { get; init; }

    /// <summary>Whether glibc's mmap threshold was fixed at 128 KiB for the run.</summary>
    public required bool MmapThresholdFixed { get; init; }

    /// <summary>libtorch's intra-op threads during the run.</summary>
    public required int IntraOpThreads { get; init; }

    public required int AnalysesRun { get; init; }

    public required TimeSpan WarmupDuration { get; init; }

    public required TimeSpan MeasuredDuration { get; init; }

    /// <summary>RSS growth over the measured part, as a fraction of the RSS after warm-up (0.01 = 1 %).</summary>
    public double RssGrowth => (double)(RssEndBytes - RssAfterWarmupBytes) / RssAfterWarmupBytes;

    /// <summary>No tensor left behind: the count after the loop equals the count after warm-up, and disposing the model restores the count at the start.</summary>
    public bool LiveCountRestored => LiveAtEnd == LiveAfterWarmup && LiveAfterDispose == LiveAtStart;

    public string Format()
    {
        var o = Options;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Soak: ShuffleNetV2 {o.Width}, batch {o.BatchSize}, {o.ImageSize}x{o.ImageSize}, eval, no_grad, one dispose scope per pass");
        text.AppendLine(CultureInfo.InvariantCulture, $"  allocator: glibc mmap threshold {(MmapThresholdFixed ? "fixed at 128 KiB" : "dynamic (glibc default)")}; {IntraOpThreads} intra-op thread(s); {(o.CollectEvery > 0 ? $"a full GC every {o.CollectEvery} passes" : "GC left to itself")}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  warm-up:   {o.WarmupForwardPasses} forward passes in {WarmupDuration.TotalSeconds:F1} s");
        text.AppendLine(CultureInfo.InvariantCulture, $"  measured:  {o.ForwardPasses} forward passes and {AnalysesRun} statistics analyses (batch 1) in {MeasuredDuration.TotalSeconds:F1} s ({MeasuredDuration.TotalMilliseconds / o.ForwardPasses:F1} ms per pass incl. analyses)");
        text.AppendLine(CultureInfo.InvariantCulture, $"  RSS:       start {Mib(RssStartBytes)}, after warm-up {Mib(RssAfterWarmupBytes)}, end {Mib(RssEndBytes)} ({RssGrowth:+0.00%;-0.00%} since warm-up), after dispose {Mib(RssAfterDisposeBytes)}");
        if (MallocInUseAfterWarmupBytes is { } mallocAfterWarmup && MallocInUseAtEndBytes is { } mallocAtEnd)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  malloc:    in use after warm-up {Mib(mallocAfterWarmup)}, end {Mib(mallocAtEnd)} ({(double)(mallocAtEnd - mallocAfterWarmup) / mallocAfterWarmup:+0.00%;-0.00%})");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"  live:      start {LiveAtStart}, after warm-up {LiveAfterWarmup}, end {LiveAtEnd}, after dispose {LiveAfterDispose} tensors");
        return text.ToString();
    }

    private static string Mib(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):F1} MiB");
}
