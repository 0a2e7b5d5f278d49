using System;
using System.IO;
using TorchImaging;
using TorchCheckpoints;
using TorchCheckpoints.Hub;
using TorchTraining.Checkpoints;

namespace ShuffleNet.Torch.Sample;

/// <summary>
/// Exit codes and error lines: 0 success; 2 a mistake in the arguments or an input file the model cannot use (a
/// weights file that is no checkpoint, an image that cannot be decoded, data files that are not what they claim, a
/// checkpoint or model card that does not fit, a file or folder that is not there); 1 a failure while running, downloads included (no network, no answer in time, an HTTP
/// error, a damaged transfer or cached file: the arguments were fine), or a training loss that became NaN; 130 a
/// training run interrupted by Ctrl+C after writing its checkpoint. Either way one line on stderr, never a stack trace.
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
        catch (Exception e) when (e is UsageException or CheckpointFileException or ImageFileException or CheckpointMismatchException
            or InvalidDataException or FileNotFoundException or DirectoryNotFoundException or ShuffleNet.Torch.Classifier.ModelMismatchException)
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

    private static string FirstLine(string message)
    {
        var end = message.AsSpan().IndexOfAny('\r', '\n');
        return (end < 0 ? message : message[..end]).Trim();
    }
}
