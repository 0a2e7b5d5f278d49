using System;
using System.Diagnostics;
using System.IO;
using TorchTraining;
using TorchTraining.Metrics;

namespace ShuffleNet.Torch.Sample;

/// <summary>
/// Progress as plain lines, for files, pipes and logs: one line at the run's first step, one every half minute within
/// an epoch (step, loss, images/s, the epoch's time left), and one per finished epoch with its metrics.
/// </summary>
internal sealed class PlainProgressDisplay(TextWriter stderr) : ProgressDisplay, ITrainingObserver
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);
    private readonly Stopwatch _sinceLine = new();

    public override void Run(Action<ITrainingObserver> train) => train(this);

    public override void Note(string line) => stderr.WriteLine(line);

    public void OnStep(in TrainingProgress progress)
    {
        if (_sinceLine.IsRunning && _sinceLine.Elapsed < Interval)
        {
            return;
        }

        _sinceLine.Restart();
        stderr.WriteLine(
            $"epoch {progress.Epoch + 1}/{progress.Epochs}: step {progress.StepsDone}/{progress.StepsPerEpoch} ({Percent((double)progress.StepsDone / progress.StepsPerEpoch)}), "
            + $"loss {Number(progress.RunningLoss, "0.0000")}, {Number(progress.ImagesPerSecond, "0")} images/s, epoch time left {Duration(progress.EpochRemaining)}");
    }

    public void OnEpochCompleted(EpochSummary summary)
    {
        var r = summary.Record;
        var ema = r.EmaTestTop1 is { } emaTop1 ? $", moving average top-1 {Percent(emaTop1)}" : "";
        stderr.WriteLine(
            $"epoch {r.Epoch + 1} done: train loss {Number(r.TrainLoss, "0.0000")}, top-1 {Percent(r.TrainTop1)} | "
            + $"test loss {Number(r.TestLoss, "0.0000")}, top-1 {Percent(r.TestTop1)}, top-{summary.Evaluation.TopK} {Percent(r.TestTop5)}{ema} | "
            + $"{Number(r.ImagesPerSecond, "0")} images/s, {Number(r.Seconds, "0.0")} s, lr {Number(r.LearningRate, "0.######")}{(summary.IsBest ? ", best so far" : "")}");
        _sinceLine.Restart();
    }
}
