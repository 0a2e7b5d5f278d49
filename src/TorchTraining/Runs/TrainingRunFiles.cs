using TorchCheckpoints;
using TorchTraining.Checkpoints;
using TorchTraining.Reporting;

namespace TorchTraining.Runs;

/// <summary>
/// The files a <see cref="TrainingRun"/> writes into its folder, besides its network's own (see
/// <see cref="ITrainableClassifierFactory.WriteArtifacts"/>). Each name is owned by the type that writes it; this list
/// only gathers them.
/// </summary>
public static class TrainingRunFiles
{
    /// <summary>The model card, written last, only when the run has finished: <c>model.json</c>.</summary>
    public const string Card = ModelCard.FileName;

    /// <summary>The checkpoint of the last epoch (or of an interrupted one): <c>last.ckpt</c>.</summary>
    public const string LastCheckpoint = TrainingCheckpoint.LastFileName;

    /// <summary>The checkpoint of the epoch with the best test top-1: <c>best.ckpt</c>.</summary>
    public const string BestCheckpoint = TrainingCheckpoint.BestFileName;

    /// <summary>The metrics of every epoch as CSV: <c>metrics.csv</c>.</summary>
    public const string MetricsCsv = Trainer.MetricsCsvFileName;

    /// <summary>The metrics of every epoch as JSON lines: <c>metrics.jsonl</c>.</summary>
    public const string MetricsJsonl = Trainer.MetricsJsonlFileName;

    /// <summary>The training curves (loss, accuracy, learning rate per epoch): <c>curves.png</c>.</summary>
    public const string Curves = TrainingCurvesChart.FileName;

    /// <summary>The confusion matrix of the final evaluation: <c>confusion.png</c>.</summary>
    public const string Confusion = ConfusionMatrixChart.FileName;

    /// <summary>Every file above.</summary>
    public static System.Collections.Generic.IReadOnlyList<string> All { get; } = [Card, LastCheckpoint, BestCheckpoint, MetricsCsv, MetricsJsonl, Curves, Confusion];
}
