using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace TorchTraining.Step;

/// <summary>
/// glibc's malloc, where libtorch's CPU tensors come from. At its defaults every multi-megabyte activation freed after
/// a step goes back to the system (munmap, or a trim of the heap's top) and the next step faults the same pages in
/// again, zero-filled: measured here, 15-17 % of a small CNN's training step CPU time (64x64, batch 32, one thread;
/// PyTorch alike). Raising the mmap and trim thresholds (what <c>MALLOC_MMAP_THRESHOLD_</c> and
/// <c>MALLOC_TRIM_THRESHOLD_</c> do at start-up) keeps freed blocks in the heap for the next step. Process-wide and not
/// undone; the resident memory then stays near the step's peak between steps instead of falling back.
/// </summary>
internal static class GlibcAllocator
{
    /// <summary>Blocks up to this size come from the heap instead of their own mapping.</summary>
    public const int MmapThreshold = 512 * 1024 * 1024;

    /// <summary>Free memory at the heap's top is given back to the system only beyond this.</summary>
    public const int TrimThreshold = 1024 * 1024 * 1024;

    private const int MTrimThreshold = -1;
    private const int MMmapThreshold = -3;
    private static int _state; // 0: not tried, 1: tuned, 2: not available

    /// <summary>Whether this process's allocator has been tuned (by <see cref="Tune"/>).</summary>
    public static bool IsTuned => Volatile.Read(ref _state) == 1;

    /// <summary>Tunes the thresholds once per process; false off Linux or without glibc (e.g. musl), where nothing changes.</summary>
    public static bool Tune()
    {
        if (Volatile.Read(ref _state) != 0)
        {
            return IsTuned;
        }

        var tuned = false;
        if (OperatingSystem.IsLinux())
        {
            try
            {
                tuned = Mallopt(MMmapThreshold, MmapThreshold) == 1 && Mallopt(MTrimThreshold, TrimThreshold) == 1;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                tuned = false;
            }
        }

        Interlocked.CompareExchange(ref _state, tuned ? 1 : 2, 0);
        return IsTuned;
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int Mallopt(int parameter, int value);
}
