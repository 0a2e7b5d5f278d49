using System;
using System.CommandLine;
using System.IO;

namespace ShuffleNet.Torch.Sample;

/// <summary>What every command's action does around its job: TorchSharp's thread count for the run, then the job's text on the console or in the --output file.</summary>
internal static class JobRunner
{
    /// <param name="parsed">The parse being invoked: its invocation configuration holds the console's writers.</param>
    /// <param name="threads">--threads, or null to keep TorchSharp's count; the previous count is restored afterwards.</param>
    /// <param name="outputPath">--output, or null for the console.</param>
    /// <param name="job">Computes the whole text (warnings go to the writer it is given, stderr) before anything is written.</param>
    public static int Run(ParseResult parsed, int? threads, string? outputPath, Func<TextWriter, string> job)
    {
        var console = parsed.InvocationConfiguration;
        string text;
        using (TorchThreads.Use(threads))
        {
            text = job(console.Error);
        }

        ResultWriter.Write(text, outputPath, console.Output);
        return ExitCodes.Success;
    }
}
