using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace TorchTraining.Step;

/// <summary>
/// glibc's malloc, where libtorch's CPU tensors come from: its mmap and trim thresholds (<c>mallopt</c>), which decide
/// whether freed blocks go back to the system or stay in the heap. Each setting is process-wide and stays for the
/// life of the process; nothing here runs unless called (the trainer calls it only with
/// <see cref="TrainingOptions.TuneGlibcAllocator"/>).
/// </summary>
public static class GlibcAllocator
{
    /// <summary>The trainer's mmap threshold: blocks up to this size come from the heap instead of their own mapping.</summary>
    internal const int MmapThreshold = 512 * 1024 * 1024;

    /// <summary>The trainer's trim threshold: free memory at the heap's top is given back to the system only beyond this.</summary>
    internal const int TrimThreshold = 1024 * 1024 * 1024;

    private const int MTrimThreshold = -1;
    private const int MMmapThreshold = -3;
    private static int _state; // 0: not tried, 1: tuned, 2: not available

    /// <summary>Whether this process's allocator has been tuned for training (by <see cref="Tune"/>).</summary>
    internal static bool IsTuned => Volatile.Read(ref _state) == 1;

    /// <summary>
    /// Sets glibc's mmap threshold (what <c>MALLOC_MMAP_THRESHOLD_</c> does at start-up): blocks of at least this size
    /// get a mapping of their own, given back to the system when freed. Setting it also ends glibc's default of raising
    /// the threshold to the largest block freed so far.
    /// </summary>
    /// <param name="bytes">The threshold in bytes.</param>
    /// <returns>Whether it was set: false off Linux, without glibc (e.g. musl), or for a value glibc refuses.</returns>
    public static bool SetMmapThreshold(int bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        return Set(MMmapThreshold, bytes);
    }

    /// <summary>
    /// Sets glibc's trim threshold (what <c>MALLOC_TRIM_THRESHOLD_</c> does at start-up): free memory at the top of the
    /// heap is given back to the system only beyond this size.
    /// </summary>
    /// <param name="bytes">The threshold in bytes.</param>
    /// <returns>Whether it was set: false off Linux, without glibc (e.g. musl), or for a value glibc refuses.</returns>
    public static bool SetTrimThreshold(int bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        return Set(MTrimThreshold, bytes);
    }

    /// <summary>
    /// Tunes the thresholds for training, once per process; false where nothing changes. At glibc's defaults every
    /// multi-megabyte activation freed after a step goes back to the system (munmap, or a trim of the heap's top) and
    /// the next step faults the same pages in again, zero-filled: measured here, 15-17 % of a small CNN's training step
    /// CPU time (64x64, batch 32, one thread; PyTorch alike). Raised thresholds keep freed blocks in the heap for the
    /// next step; the resident memory then stays near the step's peak between steps instead of falling back.
    /// </summary>
    internal static bool Tune()
    {
        if (Volatile.Read(ref _state) != 0)
        {
            return IsTuned;
        }

        var tuned = SetMmapThreshold(MmapThreshold) && SetTrimThreshold(TrimThreshold);
        Interlocked.CompareExchange(ref _state, tuned ? 1 : 2, 0);
        return IsTuned;
    }

    private static bool Set(int parameter, int value)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return Mallopt(parameter, value) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int Mallopt(int parameter, int value);
}
