using System;
using System.CommandLine;
using System.CommandLine.Help;
using System.IO;
using ShuffleNet.Torch.Sample;

return Program.Run(args, Console.Out, Console.Error);

/// <summary>
/// The sample console. Without arguments it does the seed's main job: builds the 1.0× model, runs a random
/// 4×3×224×224 batch, prints the output shape and torchstat's statistics. With arguments it is a command-line tool
/// (see --help).
/// </summary>
public static partial class Program
{
    /// <summary>Runs the sample with <paramref name="args"/>, printing to the given writers.</summary>
    /// <returns>The exit code: 0 success, 1 runtime failure, 2 bad arguments or input files.</returns>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        // 1. The command line: options with their help and parsers, and the rules between them.
        var options = new SampleOptions();
        var command = options.CreateCommand();

        // 2. The jobs: the statistics run (no job option), --image, --compare and --export-onnx.
        command.SetAction(parsed => RunJob(options.Read(parsed), stdout, stderr));

        // 3. Parse. A mistake in the arguments is one line on stderr and exit code 2.
        var parsed = command.Parse(args);
        if (parsed.Errors.Count > 0 && parsed.Action is not HelpAction)
        {
            return ExitCodes.Fail(stderr, ExitCodes.UsageError, parsed.Errors[0].Message);
        }

        // 4. Run the job (or --help, --version). What it throws becomes one line on stderr and exit code 2 or 1.
        var invocation = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        return ExitCodes.Guard(stderr, () => parsed.Invoke(invocation));
    }

    private static int RunJob(SampleSettings settings, TextWriter stdout, TextWriter stderr)
    {
        using var threads = TorchThreads.Use(settings.Threads);
        var text = settings.Job switch
        {
            Job.ClassifyImage => ImageClassification.Run(settings, stderr),
            Job.CompareWidths => WidthComparison.Run(settings),
            Job.ExportOnnx => OnnxExportJob.Run(settings),
            _ => StatisticsRun.Run(settings),
        };
        ResultWriter.Write(text, settings.OutputPath, stdout);
        return ExitCodes.Success;
    }
}
