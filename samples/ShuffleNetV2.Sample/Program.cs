using System;
using System.CommandLine;
using System.CommandLine.Help;
using System.IO;
using ShuffleNet.Torch.Sample;

return Program.Run(args, Console.Out, Console.Error);

/// <summary>
/// The sample console. Without arguments it does the seed's main job: builds the 1.0× model, runs a random
/// 4×3×224×224 batch, prints the output shape and torchstat's statistics. Its subcommands run the other jobs (see --help).
/// </summary>
public static partial class Program
{
    /// <summary>Runs the sample with <paramref name="args"/>, printing to the given writers.</summary>
    /// <returns>The exit code: 0 success, 1 runtime failure, 2 bad arguments or input files.</returns>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        // 1. The root command: without a subcommand it is the statistics run, with the statistics options.
        var root = new RootCommand(
            "ShuffleNetV2 on TorchSharp. Without a command it does what stats does, the seed's run: builds the 1.0x model, runs a random 4x3x224x224 batch, "
            + "prints the output shape and the model's statistics as torchstat prints them; the options below change the model or the input. "
            + "Exit codes: 0 success, 1 runtime failure, 2 bad arguments or input files.");
        StatsCommand.AddTo(root);

        // 2. The subcommands, one file each in Commands/: each declares its options and calls its job in Jobs/.
        Command[] subcommands = [StatsCommand.Create(), ClassifyCommand.Create(), CompareCommand.Create(), ExportOnnxCommand.Create(), WeightsCommand.Create()];
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

            return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        });
    }
}
