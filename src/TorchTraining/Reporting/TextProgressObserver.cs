using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using TorchTraining.Metrics;

namespace TorchTraining.Reporting;

/// <summary>
/// Training progress as plain lines, for files, pipes and logs: one line at the run's first step, one every
/// <see cref="Interval"/> within an epoch (step, loss, images/s, the epoch's time left), and one per finished epoch
/// with its metrics. Nothing but text: no control codes.
/// </summary>
/// <example>
/// <code>
/// var result = run.Run(new TextProgressObserver(Console.Error));
/// // epoch 1/30: step 1/46 (2.17%), loss 2.3010, 310 images/s, epoch time left 0:18
/// // epoch 1 done: train loss 1.2345, top-1 55.80% | test loss 0.9876, top-1 66.10%, top-5 97.20% | 320 images/s, 19.1 s, lr 0.1
/// </code>
/// </example>
public sealed class TextProgressObserver : ITrainingObserver
{
    private readonly TextWriter _writer;
    private readonly Stopwatch _sinceLine = new();

    /// <summary>Writes the progress to <paramref name="writer"/>.</summary>
    /// <param name="writer">Where the lines go (for example <c>Console.Error</c>).</param>
    /// <param name="interval">The time between two lines within an epoch; null for 30 seconds.</param>
    public TextProgressObserver(TextWriter writer, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
        Interval = interval ?? TimeSpan.FromSeconds(30);
    }

    /// <summary>The time between two lines within an epoch.</summary>
    public TimeSpan Interval { get; }

    /// <inheritdoc />
    public void OnStep(in TrainingProgress progress)
    {
        if (_sinceLine.IsRunning && _sinceLine.Elapsed < Interval)
        {
            return;
        }

        _sinceLine.Restart();
        _writer.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"epoch {progress.Epoch + 1}/{progress.Epochs}: step {progress.StepsDone}/{progress.StepsPerEpoch} ({Percent((double)progress.StepsDone / progress.StepsPerEpoch)}), "
            + $"loss {progress.RunningLoss:0.0000}, {progress.ImagesPerSecond:0} images/s, epoch time left {Duration(progress.EpochRemaining)}"));
    }

    /// <inheritdoc />
    public void OnEpochCompleted(EpochSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var r = summary.Record;
        var ema = r.EmaTestTop1 is { } emaTop1 ? $", moving average top-1 {Percent(emaTop1)}" : "";
        _writer.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"epoch {r.Epoch + 1} done: train loss {r.TrainLoss:0.0000}, top-1 {Percent(r.TrainTop1)} | "
            + $"test loss {r.TestLoss:0.0000}, top-1 {Percent(r.TestTop1)}, top-{summary.Evaluation.TopK} {Percent(r.TestTop5)}{ema} | "
            + $"{r.ImagesPerSecond:0} images/s, {r.Seconds:0.0} s, lr {r.LearningRate:0.######}{(summary.IsBest ? ", best so far" : "")}"));
        _sinceLine.Restart();
    }

    /// <summary>"55.80%" for 0.558; "-" for NaN (a class without images).</summary>
    private static string Percent(double fraction) => double.IsNaN(fraction) ? "-" : (fraction * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    private static string Duration(TimeSpan time) =>
        time.TotalHours >= 1 ? time.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : time.ToString(@"m\:ss", CultureInfo.InvariantCulture);
}
