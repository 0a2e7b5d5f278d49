using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
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

    /// <summary>
    /// Runs the sample and cancels its interrupt token (what Ctrl+C does) as soon as stderr receives a line for which
    /// <paramref name="interruptWhen"/> is true.
    /// </summary>
    public static SampleRun Interrupted(Func<string, bool> interruptWhen, params string[] args)
    {
        set_num_threads(TorchThreads);
        using var interrupt = new CancellationTokenSource();
        using var stdout = new StringWriter();
        using var stderr = new WatchingWriter(line =>
        {
            if (interruptWhen(line))
            {
                interrupt.Cancel();
            }
        });
        var exitCode = Program.Run(args, stdout, stderr, interrupt.Token);
        return new SampleRun(exitCode, stdout.ToString(), stderr.ToString());
    }

    public string[] Lines => Stdout.Split('\n');

    /// <summary>The last non-empty line of stdout.</summary>
    public string LastLine => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];

    public string[] ErrorLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

    public override string ToString() => $"exit code {ExitCode}; stderr: {Stderr}";

    /// <summary>A string writer that calls <paramref name="onLine"/> with every complete line written to it.</summary>
    private sealed class WatchingWriter(Action<string> onLine) : StringWriter
    {
        private readonly StringBuilder _line = new();

        public override void Write(char value)
        {
            base.Write(value);
            if (value == '\n')
            {
                onLine(_line.ToString());
                _line.Clear();
            }
            else
            {
                _line.Append(value);
            }
        }

        public override void Write(string? value)
        {
            foreach (var c in value ?? "")
            {
                Write(c);
            }
        }

        public override void WriteLine(string? value)
        {
            Write(value);
            Write('\n');
        }
    }
}
