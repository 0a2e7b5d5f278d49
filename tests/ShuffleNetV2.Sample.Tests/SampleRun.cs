using System;
using System.IO;
using System.Linq;

namespace ShuffleNet.Torch.Sample.Tests;

/// <summary>One in-process run of the sample: its exit code and what it printed.</summary>
public sealed record SampleRun(int ExitCode, string Stdout, string Stderr)
{
    public static SampleRun Of(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = Program.Run(args, stdout, stderr);
        return new SampleRun(exitCode, stdout.ToString(), stderr.ToString());
    }

    public string[] Lines => Stdout.Split('\n');

    public string[] ErrorLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

    public override string ToString() => $"exit code {ExitCode}; stderr: {Stderr}";
}
