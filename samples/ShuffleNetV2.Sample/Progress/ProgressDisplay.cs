using System;
using System.Globalization;
using System.IO;
using Spectre.Console;
using TorchTraining;

namespace ShuffleNet.Torch.Sample;

/// <summary>
/// How a training run shows its progress on stderr: live progress bars (Spectre.Console) on an interactive terminal,
/// plain lines otherwise (output redirected to a file or a pipe, a dumb terminal, or a writer that is not the console):
/// never control codes where no terminal reads them.
/// </summary>
internal abstract class ProgressDisplay
{
    /// <summary>Runs <paramref name="train"/> with an observer that shows its progress.</summary>
    public abstract void Run(Action<ITrainingObserver> train);

    /// <summary>A line of its own (e.g. what the run is about to do), between or before the progress lines.</summary>
    public abstract void Note(string line);

    public static ProgressDisplay For(TextWriter stderr) =>
        IsInteractiveTerminal(stderr) ? new LiveProgressDisplay(stderr) : new PlainProgressDisplay(stderr);

    /// <summary>True only for the process's own stderr on a terminal that understands control codes.</summary>
    public static bool IsInteractiveTerminal(TextWriter stderr)
    {
        if (!ReferenceEquals(stderr, Console.Error) || Console.IsErrorRedirected
            || string.Equals(Environment.GetEnvironmentVariable("TERM"), "dumb", StringComparison.Ordinal))
        {
            return false;
        }

        // Spectre's own interactivity check looks at stdout too, which may well go to a file (train --format json > result.json).
        return AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stderr) }).Profile.Capabilities.Ansi;
    }

    /// <summary>"55.80%" for 0.558; "-" for NaN.</summary>
    protected static string Percent(double fraction) => double.IsNaN(fraction) ? "-" : Number(fraction * 100, "0.00") + "%";

    protected static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
