using TorchTraining.Step;

namespace ShuffleNet.Torch.Measurement.Soak;

/// <summary>
/// glibc's allocator, which libtorch's CPU tensors come from. By default glibc raises its mmap threshold to the size of
/// the largest block freed so far (up to 32 MiB), so after the first forward pass the multi-megabyte activations of
/// a batch are carved from the heap and freed memory stays resident in amounts that depend on fragmentation: measured
/// here, the RSS of a 0.5× batch-8 loop swings by ±2–3 % from sample to sample with no trend. A fixed threshold sends
/// every block of 128 KiB or more straight to mmap and back to the system on free, so RSS follows what is really held
/// and a leak of tensor memory shows in full (small allocations still come from the heap, as before).
/// </summary>
public static class GlibcMalloc
{
    /// <summary>glibc's default initial threshold.</summary>
    public const int DefaultMmapThreshold = 128 * 1024;

    /// <summary>Fixes glibc's mmap threshold at 128 KiB for this process (what <c>MALLOC_MMAP_THRESHOLD_=131072</c> does at start-up).</summary>
    /// <returns>Whether it was set: false off Linux or without glibc.</returns>
    public static bool UseFixedMmapThreshold() => GlibcAllocator.SetMmapThreshold(DefaultMmapThreshold);
}
