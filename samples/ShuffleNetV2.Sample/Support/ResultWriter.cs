using System.IO;

namespace ShuffleNet.Torch.Sample;

/// <summary>Prints a job's output, or writes it to the --output file and prints where it went.</summary>
internal static class ResultWriter
{
    public static void Write(string text, string? outputPath, TextWriter stdout)
    {
        if (outputPath is null)
        {
            stdout.Write(text);
            return;
        }

        File.WriteAllText(outputPath, text);
        stdout.WriteLine($"Wrote {Path.GetFullPath(outputPath)}");
    }
}
