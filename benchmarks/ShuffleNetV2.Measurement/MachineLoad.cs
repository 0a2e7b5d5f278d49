using System.IO;

namespace ShuffleNet.Torch.Measurement;

/// <summary>The machine's load, printed before and after a measurement (the machine may be shared).</summary>
public static class MachineLoad
{
    /// <summary>/proc/loadavg (1, 5 and 15-minute load averages, running/total threads, last pid), or "n/a" without /proc.</summary>
    public static string Average() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
}
