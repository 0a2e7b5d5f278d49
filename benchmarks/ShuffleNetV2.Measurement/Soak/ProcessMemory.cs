using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;

namespace ShuffleNet.Torch.Measurement.Soak;

/// <summary>The process's memory, measured after a full, compacting garbage collection that also returns the managed heap's free memory to the system.</summary>
public static partial class ProcessMemory
{
    private const string StatusFile = "/proc/self/status";

    /// <summary>Resident bytes: VmRSS from /proc/self/status on Linux, the working set elsewhere.</summary>
    public static long ResidentBytes()
    {
        Collect();
        return File.Exists(StatusFile) ? ReadStatusKilobytes("VmRSS:") * 1024 : CurrentWorkingSet();
    }

    /// <summary>Bytes glibc's malloc has handed out and not had back (heap and mmapped blocks), or null without glibc 2.33+.</summary>
    public static long? MallocInUseBytes()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        Collect();
        try
        {
            var info = MallInfo2();
            return (long)(info.InUse + info.MmappedBytes);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    private static long CurrentWorkingSet()
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.WorkingSet64;
    }

    private static long ReadStatusKilobytes(string field)
    {
        foreach (var line in File.ReadLines(StatusFile))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                // "VmRSS:     123456 kB"
                var value = line[field.Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                return long.Parse(value, CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"{StatusFile} has no {field} line.");
    }

    [DllImport("libc", EntryPoint = "mallinfo2")]
    private static extern MallocInfo MallInfo2();

    /// <summary>glibc's <c>struct mallinfo2</c>, summed over all arenas.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private readonly struct MallocInfo
    {
        public readonly nuint Arena;
        public readonly nuint OrdinaryBlocks;
        public readonly nuint SmallBlocks;
        public readonly nuint MmappedBlocks;
        public readonly nuint MmappedBytes;
        public readonly nuint Unused;
        public readonly nuint FreedSmallBytes;
        public readonly nuint InUse;
        public readonly nuint Free;
        public readonly nuint TopReleasable;
    }
}
