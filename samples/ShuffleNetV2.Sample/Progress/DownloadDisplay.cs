using System;
using System.Globalization;
using System.IO;
using Spectre.Console;
using TorchCheckpoints.Hub;

namespace ShuffleNet.Torch.Sample;

/// <summary>
/// What the user sees of a download on stderr: nothing when the file is already cached; a Spectre.Console progress bar
/// (bytes, speed, time left) when stderr is a terminal; otherwise (redirected, or a test's writer) one plain line before
/// and one after.
/// </summary>
internal static class DownloadDisplay
{
    // As torchvision's file sizes (the weights command's MB column): 2^20 bytes.
    private const double BytesPerMB = 1024 * 1024;

    /// <param name="url">What is downloaded.</param>
    /// <param name="cachePath">Where it goes; an existing file there means no download.</param>
    /// <param name="stderr">The console's error writer.</param>
    /// <param name="download">Downloads, reporting to the progress it is given (null when nothing is shown); returns the file's path.</param>
    public static string Show(Uri url, string cachePath, TextWriter stderr, Func<IProgress<DownloadProgress>?, string> download)
    {
        if (File.Exists(cachePath))
        {
            return download(null);
        }

        return IsTerminal(stderr)
            ? WithProgressBar(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stderr) }), url, download)
            : WithPlainLines(url, cachePath, stderr, download);
    }

    /// <summary>The process's own stderr, not redirected to a file or a pipe.</summary>
    private static bool IsTerminal(TextWriter stderr) => ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected;

    private static string WithPlainLines(Uri url, string cachePath, TextWriter stderr, Func<IProgress<DownloadProgress>?, string> download)
    {
        stderr.WriteLine($"Downloading {url} to {cachePath}");
        var last = new DownloadProgress(0, null);
        var path = download(new Reporter(report => last = report));
        stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Downloaded {last.BytesReceived / BytesPerMB:0.0} MB."));
        return path;
    }

    /// <summary>A live progress bar on <paramref name="console"/>, left on screen when done.</summary>
    internal static string WithProgressBar(IAnsiConsole console, Uri url, Func<IProgress<DownloadProgress>?, string> download)
    {
        var name = Path.GetFileName(url.AbsolutePath);
        return console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(Markup.Escape(name), maxValue: 1);
                var path = download(new Reporter(report =>
                {
                    task.IsIndeterminate = report.TotalBytes is null;
                    task.MaxValue = Math.Max(report.TotalBytes ?? report.BytesReceived, 1);
                    task.Value = report.BytesReceived;
                }));
                task.Value = task.MaxValue;
                task.StopTask();
                return path;
            });
    }

    /// <summary>Reports on the downloading thread, as it happens (<see cref="Progress{T}"/> would post them elsewhere, possibly late).</summary>
    private sealed class Reporter(Action<DownloadProgress> report) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => report(value);
    }
}
