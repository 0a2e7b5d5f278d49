using System;
using System.CommandLine;
using System.IO;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Sample;

/// <summary>What every command's action does around its job: TorchSharp's thread count for the run, then the job's text on the console or in the --output file.</summary>
internal static class JobRunner
{
    /// <param name="parsed">The parse being invoked: its invocation configuration holds the console's writers.</param>
    /// <param name="threads">--threads, or null to keep TorchSharp's count; the previous count is put back afterwards.</param>
    /// <param name="outputPath">--output, or null for the console; the console then says where the text went.</param>
    /// <param name="job">Computes the whole text (warnings go to the writer it is given, stderr) before anything is written.</param>
    public static int Run(ParseResult parsed, int? threads, string? outputPath, Func<TextWriter, string> job)
    {
        var console = parsed.InvocationConfiguration;
        var previous = get_num_threads();
        string text;
        try
        {
            if (threads is { } count)
            {
                set_num_threads(count);
            }

            text = job(console.Error);
        }
        finally
        {
            if (threads is not null)
            {
                set_num_threads(previous);
            }
        }

        if (outputPath is null)
        {
            console.Output.Write(text);
            return ExitCodes.Success;
        }

        File.WriteAllText(outputPath, text);
        console.Output.WriteLine($"Wrote {Path.GetFullPath(outputPath)}");
        return ExitCodes.Success;
    }
}
