using System;
using System.Globalization;
using System.IO;

namespace ShuffleNet.Torch.Compare.Training;

/// <summary>
/// The process's resident memory and its high-water mark from /proc/self/status; <see cref="ResetPeak"/> starts a new
/// high-water mark (writing 5 to /proc/self/clear_refs), so a block's peak is its own. Null where /proc is missing.
/// </summary>
internal static class PeakMemory
{
    private const string Status = "/proc/self/status";

    public static bool ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static double? ResidentMiB() => Read("VmRSS:");

    public static double? PeakMiB() => Read("VmHWM:");

    private static double? Read(string field)
    {
        if (!File.Exists(Status))
        {
            return null;
        }

        foreach (var line in File.ReadLines(Status))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
            }
        }

        return null;
    }
}
