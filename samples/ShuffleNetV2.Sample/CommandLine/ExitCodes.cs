using System;
using System.IO;
using ShuffleNet.Torch.Classifier;
using TorchCheckpoints;
using TorchCheckpoints.Hub;
using TorchImaging;
using TorchTraining.Checkpoints;
using TorchTraining.Datasets;

namespace ShuffleNet.Torch.Sample;

/// <summary>
/// Exit codes and error lines: 0 success; 2 a mistake in the arguments or an input file the model cannot use (a
/// weights file that is no checkpoint, an image that cannot be decoded, data files that are not what they claim, a
/// checkpoint or model card that does not fit, a file or folder that is not there); 1 a failure while running, downloads
/// included (no network, no answer in time, an HTTP error, a damaged transfer or cached file: the arguments were fine),
/// or a training loss that became NaN; 130 a training run interrupted by Ctrl+C after writing its checkpoint. Either way
/// one line on stderr, never a stack trace.
/// </summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int RuntimeFailure = 1;
    public const int UsageError = 2;
    public const int Interrupted = 130;

    public static int Fail(TextWriter stderr, int exitCode, string message)
    {
        stderr.WriteLine("error: " + FirstLine(message));
        return exitCode;
    }

    /// <summary>Runs <paramref name="run"/> and turns what it throws into an error line and an exit code.</summary>
    public static int Guard(TextWriter stderr, Func<int> run)
    {
        try
        {
            return run();
        }
        catch (CheckpointDownloadException e)
        {
            return Fail(stderr, RuntimeFailure, e.Message);
        }
        catch (ModelMismatchException e)
        {
            return Fail(stderr, UsageError, Mismatch(e));
        }
        catch (SourceOverwriteException e)
        {
            return Fail(stderr, UsageError, $"--output: {e.Message}");
        }
        catch (Exception e) when (e is UsageException or CheckpointFileException or ImageFileException or CheckpointMismatchException
            or InvalidDataException or DataLayoutException or FileNotFoundException or DirectoryNotFoundException)
        {
            return Fail(stderr, UsageError, e.Message);
        }
#pragma warning disable CA1031 // The program's last line of defence: any failure becomes one line and exit code 1.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return Fail(stderr, RuntimeFailure, e.Message);
        }
    }

    /// <summary>The file is not the network --width or --classes asks for, said with the option's name.</summary>
    public static string Mismatch(ModelMismatchException e) => e.Setting == ModelSetting.Width
        ? $"--width {e.Asked.TrimEnd('x')} does not match the weights file '{e.FilePath}', which holds {e.Found}; leave out --width to use the file's."
        : $"--classes {e.Asked} does not match the weights file '{e.FilePath}', which has {e.Found}; leave out --classes to use the file's.";

    /// <summary>An argument exception's message without the " (Parameter 'name')" .NET appends.</summary>
    public static string WithoutParameter(ArgumentException e) => e.Message.Split(" (Parameter", 2)[0];

    private static string FirstLine(string message)
    {
        var end = message.AsSpan().IndexOfAny('\r', '\n');
        return (end < 0 ? message : message[..end]).Trim();
    }
}
