using System.Collections.Generic;
using TorchCheckpoints;
using TorchTraining.Datasets;
using TorchTraining.Metrics;

namespace TorchTraining.Runs;

/// <summary>What a finished <see cref="TrainingRun"/> gives back; everything in it is also in the run folder.</summary>
public sealed class TrainingRunResult
{
    internal TrainingRunResult(string outputFolder, ModelCard card, ImageData data, IReadOnlyList<EpochRecord> history, EvaluationResult final,
        double? bestTop1, int? bestEpoch, IReadOnlyList<string> files, double trainImagesPerSecond)
    {
        OutputFolder = outputFolder;
        Card = card;
        Data = data;
        History = history;
        Final = final;
        BestTop1 = bestTop1;
        BestEpoch = bestEpoch;
        Files = files;
        TrainImagesPerSecond = trainImagesPerSecond;
    }

    /// <summary>The run folder's full path.</summary>
    public string OutputFolder { get; }

    /// <summary>The model card written as <c>model.json</c>: network, classes, evaluation transform, weights file, data, recipe and final metrics.</summary>
    public ModelCard Card { get; }

    /// <summary>The data trained and tested on.</summary>
    public ImageData Data { get; }

    /// <summary>The record of every epoch, the resumed run's earlier ones included, oldest first.</summary>
    public IReadOnlyList<EpochRecord> History { get; }

    /// <summary>The final network's evaluation on the test images (loss, top-1, top-5, per class, confusion matrix).</summary>
    public EvaluationResult Final { get; }

    /// <summary>The best test top-1 of any epoch (a fraction), or null.</summary>
    public double? BestTop1 { get; }

    /// <summary>The epoch of <see cref="BestTop1"/>, 0-based as in <c>metrics.csv</c>, or null.</summary>
    public int? BestEpoch { get; }

    /// <summary>The full paths of the run's files, checkpoints and metrics first, <c>model.json</c> last.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>Training images per second over the epochs of the whole run (evaluation excluded).</summary>
    public double TrainImagesPerSecond { get; }
}
