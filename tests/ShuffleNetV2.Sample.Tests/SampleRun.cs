using System;
using System.IO;
using System.Linq;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Sample.Tests;

/// <summary>One in-process run of the sample: its exit code and what it printed.</summary>
public sealed record SampleRun(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>
    /// TorchSharp's thread count before each run (a test's --threads overrides it during the run): on a busy machine
    /// (CI shares two cores) multi-threaded kernels wait for each other's time slices and the suite takes about eight
    /// times longer. No result depends on it.
    /// </summary>
    public const int TorchThreads = 1;

    public static SampleRun Of(params string[] args)
    {
        set_num_threads(TorchThreads);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = Program.Run(args, stdout, stderr);
        return new SampleRun(exitCode, stdout.ToString(), stderr.ToString());
    }

    public string[] Lines => Stdout.Split('\n');

    public string[] ErrorLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

    public override string ToString() => $"exit code {ExitCode}; stderr: {Stderr}";
}
