using System;
using System.Collections.Generic;
using System.IO;
using Spectre.Console;
using TorchTraining;
using TorchTraining.Metrics;

namespace ShuffleNet.Torch.Sample;

/// <summary>
/// Progress bars on an interactive terminal (Spectre.Console): one bar per epoch with its loss, images/s and the time
/// left; a finished epoch's bar keeps its test accuracy.
/// </summary>
internal sealed class LiveProgressDisplay(TextWriter stderr) : ProgressDisplay
{
    private readonly IAnsiConsole _console = AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(stderr),
        Ansi = AnsiSupport.Yes,
        Interactive = InteractionSupport.Yes,   // checked by ProgressDisplay.IsInteractiveTerminal for stderr, whatever stdout is
    });

    public override void Note(string line) => _console.MarkupLine(Markup.Escape(line));

    public override void Run(Action<ITrainingObserver> train) =>
        _console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context => train(new Observer(context)));

    private sealed class Observer(ProgressContext context) : ITrainingObserver
    {
        private readonly Dictionary<int, ProgressTask> _tasks = [];

        public void OnStep(in TrainingProgress progress)
        {
            var task = TaskFor(progress.Epoch, progress.Epochs, progress.StepsPerEpoch);
            task.Value = progress.StepsDone;
            task.Description = Markup.Escape(
                $"epoch {progress.Epoch + 1}/{progress.Epochs}  loss {Number(progress.RunningLoss, "0.0000")}  {Number(progress.ImagesPerSecond, "0")} images/s");
        }

        public void OnEvaluationStep(in EvaluationProgress progress)
        {
            if (_tasks.TryGetValue(progress.Epoch, out var task))
            {
                task.Description = Markup.Escape($"epoch {progress.Epoch + 1}  evaluating{(progress.IsEma ? " the moving average" : "")} {progress.Batch}/{progress.BatchCount}");
            }
        }

        public void OnEpochCompleted(EpochSummary summary)
        {
            var r = summary.Record;
            var task = TaskFor(r.Epoch, 0, 1);
            task.Value = task.MaxValue;
            task.Description = Markup.Escape(
                $"epoch {r.Epoch + 1}  loss {Number(r.TrainLoss, "0.0000")}  test top-1 {Percent(r.TestTop1)}  {Number(r.ImagesPerSecond, "0")} images/s{(summary.IsBest ? "  best" : "")}");
            task.StopTask();
        }

        private ProgressTask TaskFor(int epoch, int epochs, int steps)
        {
            if (!_tasks.TryGetValue(epoch, out var task))
            {
                task = context.AddTask(Markup.Escape($"epoch {epoch + 1}/{epochs}"), maxValue: steps);
                _tasks.Add(epoch, task);
            }

            return task;
        }
    }
}
