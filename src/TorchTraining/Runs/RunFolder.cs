using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace TorchTraining.Runs;

/// <summary>
/// The output folder of a run, inspected without changing anything: not a file, not under a file, not holding another
/// run, and writable (checked in the nearest folder that exists).
/// </summary>
internal sealed class RunFolder
{
    private static readonly StringComparison PathComparison = OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    private RunFolder(string path, string nearestExisting, IReadOnlyList<string> runFiles)
    {
        Path = path;
        NearestExisting = nearestExisting;
        RunFiles = runFiles;
    }

    /// <summary>The folder's full path (without a trailing separator).</summary>
    public string Path { get; }

    /// <summary>The folder itself when it exists, else its nearest existing parent (where it will be created).</summary>
    public string NearestExisting { get; }

    /// <summary>The names of the run files the folder holds already.</summary>
    public IReadOnlyList<string> RunFiles { get; }

    /// <exception cref="IOException">The path, or a folder above it, is a file.</exception>
    public static RunFolder Inspect(string folder, string? weightsFileName)
    {
        var full = FullPath(folder);
        if (File.Exists(full))
        {
            throw new IOException($"OutputFolder '{full}' is a file; give a folder for the run's files.");
        }

        var existing = full;
        while (!Directory.Exists(existing))
        {
            if (File.Exists(existing))
            {
                throw new IOException($"OutputFolder '{full}' cannot be created: '{existing}' is a file.");
            }

            existing = System.IO.Path.GetDirectoryName(existing)
                ?? throw new IOException($"OutputFolder '{full}' cannot be created: no folder above it exists.");
        }

        var names = TrainingRunFiles.All.Concat(weightsFileName is null ? [] : [weightsFileName]).Distinct(StringComparer.Ordinal);
        var present = existing == full ? names.Where(name => File.Exists(System.IO.Path.Combine(full, name))).ToArray() : [];
        return new RunFolder(full, existing, present);
    }

    /// <summary>The full path without a trailing separator, so that paths compare as strings.</summary>
    public static string FullPath(string path) => System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(path));

    /// <summary>Whether <paramref name="file"/> lies directly in this folder.</summary>
    public bool Holds(string file) => string.Equals(System.IO.Path.GetDirectoryName(FullPath(file)), Path, PathComparison);

    /// <summary>Refuses a folder that holds a run, unless the run resumes from a checkpoint in it.</summary>
    /// <exception cref="IOException">The folder holds another run.</exception>
    public void RefuseOtherRun(string? resumeFrom)
    {
        if (RunFiles.Count == 0 || (resumeFrom is not null && Holds(resumeFrom)))
        {
            return;
        }

        var continueIt = RunFiles.Contains(TrainingRunFiles.LastCheckpoint) ? "continue it (Resume), or " : string.Empty;
        throw new IOException($"OutputFolder '{Path}' already holds a training run ({string.Join(", ", RunFiles)}); {continueIt}choose another folder. Nothing was changed.");
    }

    /// <summary>Checks that a file can be created where the run will write, with an empty probe file deleted on close.</summary>
    /// <exception cref="IOException">The folder cannot be written (the message names it and says why).</exception>
    public void ProbeWritable()
    {
        var probe = System.IO.Path.Combine(NearestExisting, $".write-test-{Guid.NewGuid():N}");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var where = NearestExisting == Path ? $"'{Path}'" : $"'{NearestExisting}' (to create OutputFolder '{Path}')";
            throw new IOException($"Cannot write in {where}: {e.Message}", e);
        }
    }
}
