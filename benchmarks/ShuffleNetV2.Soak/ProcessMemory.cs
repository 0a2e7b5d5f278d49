using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;

namespace ShuffleNet.Torch.Soak;

/// <summary>The process's resident set size, after a full garbage collection so that managed garbage does not count.</summary>
internal static class ProcessMemory
{
    private const string StatusFile = "/proc/self/status";

    /// <summary>Resident bytes: VmRSS from /proc/self/status on Linux, the working set elsewhere.</summary>
    public static long ResidentBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return File.Exists(StatusFile) ? ReadStatusKilobytes("VmRSS:") * 1024 : CurrentWorkingSet();
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
}
