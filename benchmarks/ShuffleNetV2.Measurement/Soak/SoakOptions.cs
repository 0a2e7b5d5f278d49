using System;

namespace ShuffleNet.Torch.Measurement.Soak;

/// <summary>What a soak run does: forward passes of one eval-mode model, with statistics analyses spread evenly among them.</summary>
public sealed record SoakOptions
{
    /// <summary>The full run: 5,000 forward passes of 0.5× at batch 8, 224×224, and 500 analyses.</summary>
    public static SoakOptions Full { get; } = new();

    public ShuffleNetV2Width Width { get; init; } = ShuffleNetV2Width.X0_5;

    public int BatchSize { get; init; } = 8;

    public int ImageSize { get; init; } = 224;

    /// <summary>Measured forward passes, after the warm-up.</summary>
    public int ForwardPasses { get; init; } = 5_000;

    /// <summary>Measured statistics analyses (batch 1, same image size), spread evenly among the forward passes.</summary>
    public int Analyses { get; init; } = 500;

    /// <summary>Forward passes before the "after warm-up" measurement, with analyses in the same proportion.</summary>
    public int WarmupForwardPasses { get; init; } = 200;

    /// <summary>Fix glibc's mmap threshold before starting, so RSS follows the memory really held (see <see cref="GlibcMalloc"/>).</summary>
    public bool FixedMmapThreshold { get; init; } = true;

    /// <summary>
    /// A full garbage collection after every this many forward passes; 0 leaves collections to the GC. Left to itself,
    /// RSS grows in steps for hundreds of passes, by an amount that follows the GC's gen0 budget while the live tensor
    /// count stays put (measured here, 300 forward-only passes after warm-up: +8 % with a 128 MiB gen0 budget, +1 % with
    /// 4 MiB; +5 % after 200 passes by default): malloc'd native memory the runtime keeps per collection cycle and sizes
    /// by its high-water mark — most likely the list of finalizable objects, since every TorchSharp tensor wrapper is
    /// one. With a collection every 10 passes, RSS and malloc'd bytes in use stay flat. Tensors left to the GC still
    /// show in the live count.
    /// </summary>
    public int CollectEvery { get; init; } = 10;

    /// <summary>
    /// libtorch's intra-op threads during the run (restored afterwards); null keeps the current setting. One by default:
    /// on a shared machine two OpenMP threads spin-wait for each other when one is descheduled (measured here: 5.7 times
    /// the CPU time per pass), which makes run times meaningless and says nothing about memory.
    /// </summary>
    public int? IntraOpThreads { get; init; } = 1;

    /// <summary>Called after each forward pass with its logits, inside the pass's dispose scope (tests use it to leak on purpose).</summary>
    public Action<TorchSharp.torch.Tensor>? AfterForward { get; init; }

    /// <summary>How often the progress callback hears of the run, in forward passes.</summary>
    public int ProgressInterval { get; init; } = 500;

    /// <summary>One statistics analysis after every this many forward passes.</summary>
    public int ForwardPassesPerAnalysis => Analyses == 0 ? int.MaxValue : Math.Max(1, ForwardPasses / Analyses);

    public void Validate()
    {
        if (BatchSize < 1 || ImageSize < 1 || ForwardPasses < 1 || ProgressInterval < 1 || IntraOpThreads < 1 || CollectEvery < 0 || WarmupForwardPasses < 0 || Analyses < 0 || Analyses > ForwardPasses)
        {
            throw new ArgumentException($"Soak options out of range: {this}. Batch, image size and forward passes must be positive; warm-up and analyses not negative; analyses at most one per forward pass.");
        }
    }
}
