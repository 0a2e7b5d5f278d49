using System;
using System.IO;
using System.Linq;
using TorchTraining.Checkpoints;

namespace ShuffleNet.Torch.Sample;

/// <summary>The output folder of a train run: what it holds, and whether it may be written.</summary>
internal static class RunFolder
{
    public const string ModelFile = "model.pth";
    public const string OnnxFile = "model.onnx";
    public const string MetricsCsv = "metrics.csv";
    public const string MetricsJsonl = "metrics.jsonl";
    public const string CurvesFile = "curves.png";
    public const string ConfusionFile = "confusion.png";

    /// <summary>The files whose presence means that the folder holds a run.</summary>
    private static readonly string[] RunFiles = [Checkpoint.LastFileName, Checkpoint.BestFileName, ModelFile, MetricsCsv, MetricsJsonl];

    /// <summary>
    /// Creates the folder when missing and checks that a file can be written there. A folder that already holds a run
    /// is refused, unless the run resumes from a checkpoint in that very folder.
    /// </summary>
    /// <returns>The folder's full path.</returns>
    /// <exception cref="UsageException">The path is a file, the folder holds another run, or it cannot be written.</exception>
    public static string Prepare(string folder, string? resumeFrom)
    {
        var full = Path.GetFullPath(folder);
        if (File.Exists(full))
        {
            throw new UsageException($"--output: '{full}' is a file; give a folder for the run's files.");
        }

        var existing = Directory.Exists(full) ? RunFiles.Where(name => File.Exists(Path.Combine(full, name))).ToArray() : [];
        var resumesHere = resumeFrom is not null && string.Equals(Path.GetDirectoryName(Path.GetFullPath(resumeFrom)), full, StringComparison.Ordinal);
        if (existing.Length > 0 && !resumesHere)
        {
            var continueWith = File.Exists(Path.Combine(full, Checkpoint.LastFileName)) ? $"continue it with --resume {Path.Combine(full, Checkpoint.LastFileName)}, or " : "";
            throw new UsageException($"--output: '{full}' already holds a training run ({string.Join(", ", existing)}); {continueWith}choose another folder. Nothing was changed.");
        }

        try
        {
            Directory.CreateDirectory(full);
            var probe = Path.Combine(full, $".write-test-{Guid.NewGuid():N}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--output: cannot write to the folder '{full}': {e.Message}");
        }

        return full;
    }
}
