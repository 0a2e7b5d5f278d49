using System.Collections.Generic;
using System.CommandLine;
using ShuffleNet.Torch.Classifier.Reports;
using TorchSharp;
using TorchStats;

namespace ShuffleNet.Torch.Sample;

/// <summary>
/// stats --training: the costs of one training step of the model (TorchStats' AnalyzeTraining), printed under the
/// statistics table for the batch of --batch, the optimizer of --optimizer and the parameters of --trainable.
/// </summary>
internal sealed class StatsTrainingOptions
{
    /// <summary>ShuffleNetV2's classifier, the one layer trained with --trainable classifier.</summary>
    private const string ClassifierLayer = "fc";

    private static readonly Dictionary<string, TrainingOptimizer> Optimizers = new()
    {
        ["sgd"] = TrainingOptimizer.SgdMomentum,
        ["adamw"] = TrainingOptimizer.AdamW,
    };

    private static readonly Dictionary<string, TrainedPart> Parts = new() { ["all"] = TrainedPart.All, ["classifier"] = TrainedPart.Classifier };

    private readonly Option<bool> _training = Options.Flag(
        "--training",
        "Also print the costs of one training step under the table: forward and backward multiply-accumulates per layer, "
        + "and the step's memory at its peak (gradients, optimizer state, what the layers keep for backward), for the batch of --batch");

    private readonly Option<TrainingOptimizer?> _optimizer = Options.Choice(
        "--optimizer", "With --training: the optimizer, SGD with momentum (one buffer per trained parameter) or AdamW (two) [default: sgd]", Optimizers);

    private readonly Option<TrainedPart?> _trainable = Options.Choice(
        "--trainable", "With --training: which parameters are trained, all or only the classifier (fc) [default: all]", Parts);

    private enum TrainedPart
    {
        All,
        Classifier,
    }

    /// <summary>In the order help lists them.</summary>
    public Option[] All => [_training, _optimizer, _trainable];

    /// <summary>
    /// Whether --training was given; --optimizer and --trainable without it, or with a format other than table (the
    /// costs are text printed under the table), are mistakes in the arguments.
    /// </summary>
    public bool Requested(ParseResult parsed, ReportFormat format)
    {
        var training = parsed.GetValue(_training);
        foreach (var option in new Option[] { _optimizer, _trainable })
        {
            if (!training && parsed.GetResult(option) is { Implicit: false })
            {
                throw new UsageException($"{option.Name} needs --training.");
            }
        }

        if (training && format != ReportFormat.Text)
        {
            throw new UsageException("--training prints its costs under the statistics table: use it with --format table.");
        }

        return training;
    }

    /// <summary>The training costs of <paramref name="model"/> as text, analysed on one image of <paramref name="imageShape"/> and reported for <paramref name="batch"/>.</summary>
    public string Costs(ParseResult parsed, torch.nn.Module<torch.Tensor, torch.Tensor> model, long[] imageShape, int batch) =>
        ModelStatistics.AnalyzeTraining(model, imageShape, new TrainingCostOptions
        {
            Batch = batch,
            Optimizer = parsed.GetValue(_optimizer) ?? TrainingOptimizer.SgdMomentum,
            Trainable = parsed.GetValue(_trainable) == TrainedPart.Classifier ? TrainableParameters.Prefix(ClassifierLayer) : TrainableParameters.All,
        }).ToText();
}
