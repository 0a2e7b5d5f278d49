using System;
using System.CommandLine;
using System.CommandLine.Help;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using ShuffleNet.Torch.Sample;

// libtorch's OpenMP threads sleep instead of spinning while they wait (unless OMP_WAIT_POLICY says otherwise): on a
// busy machine spinning threads fight the other processes for the cores. Before anything loads libtorch.
OpenMpWaitPolicy.PreferPassive();

// Ctrl+C (SIGINT) and SIGTERM ask a running job to stop at its next safe point (train: after the current step, with a
// checkpoint); a second Ctrl+C ends the process at once.
using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = !interrupt.IsCancellationRequested;
    interrupt.Cancel();
};
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    interrupt.Cancel();
});
return Program.Run(args, Console.Out, Console.Error, interrupt.Token);

/// <summary>
/// The sample console. Without arguments it does the reference model's main job: builds the 1.0× model, runs a random
/// 4×3×224×224 batch, prints the output shape and torchstat's statistics. Its subcommands run the other jobs (see --help).
/// </summary>
public static partial class Program
{
    /// <summary>Runs the sample with <paramref name="args"/>, printing to the given writers.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="stdout">The results.</param>
    /// <param name="stderr">Errors, warnings and training progress.</param>
    /// <param name="interrupt">Stops a training run after its current step, with a checkpoint (Ctrl+C in the console).</param>
    /// <returns>The exit code: 0 success, 1 runtime failure, 2 bad arguments or input files, 130 training interrupted.</returns>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken interrupt = default)
    {
        // 1. The root command: without a subcommand it is the statistics run, with the statistics options.
        var root = new RootCommand(
            "ShuffleNetV2 on TorchSharp. Without a command it does what stats does, the reference model's run: builds the 1.0x model, runs a random 4x3x224x224 batch, "
            + "prints the output shape and the model's statistics as torchstat prints them; the options below change the model or the input. "
            + "Exit codes: 0 success, 1 runtime failure, 2 bad arguments or input files, 130 training interrupted (Ctrl+C).");
        StatsCommand.AddTo(root);

        // 2. The subcommands, one file each in Commands/: each declares its options, calls the library and prints.
        Command[] subcommands =
        [
            StatsCommand.Create(), ClassifyCommand.Create(), ExportOnnxCommand.Create(), TrainCommand.Create(interrupt), EvaluateCommand.Create(),
            QuantizeCommand.Create(), WeightsCommand.Create(),
        ];
        foreach (var subcommand in subcommands)
        {
            root.Subcommands.Add(subcommand);
        }

        // 3. Parse, then run the job (or --help, --version). A mistake in the arguments is one line on stderr and exit
        //    code 2, though --help still shows help; what the parse or the job throws becomes one line and exit code 2 or 1.
        return ExitCodes.Guard(stderr, () =>
        {
            var parsed = root.Parse(args);
            if (parsed.Action is not HelpAction && UsageMistakes.First(parsed) is { } mistake)
            {
                return ExitCodes.Fail(stderr, ExitCodes.UsageError, mistake);
            }

            // No termination handler of System.CommandLine's own: the console's Ctrl+C goes to `interrupt`.
            return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
        });
    }
}
