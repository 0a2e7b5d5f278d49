using System.Collections.Generic;
using System.CommandLine;
using TorchStats;

namespace ShuffleNet.Torch.Sample;

/// <summary>
/// stats --training: the costs of one training step of the model (TorchStats' AnalyzeTraining), printed under the
/// statistics table for the batch of --batch, the optimizer of --optimizer and the parameters of --trainable.
/// </summary>
internal sealed class StatsTrainingOptions
{
    private static readonly Dictionary<string, TrainingOptimizer> Optimizers = new()
    {
        ["sgd"] = TrainingOptimizer.SgdMomentum,
        ["adamw"] = TrainingOptimizer.AdamW,
    };

    private static readonly Dictionary<string, TrainedPart> Parts = new() { ["all"] = TrainedPart.All, ["classifier"] = TrainedPart.Classifier };

    private readonly Option<bool> _training = new("--training")
    {
        Description = "Also print the costs of one training step under the table: forward and backward multiply-accumulates per layer, "
            + "and the step's memory at its peak (gradients, optimizer state, what the layers keep for backward), for the batch of --batch",
    };

    private readonly Option<TrainingOptimizer?> _optimizer = new("--optimizer")
    {
        HelpName = "sgd|adamw",
        Description = "With --training: the optimizer, SGD with momentum (one buffer per trained parameter) or AdamW (two) [default: sgd]",
        CustomParser = result => ValueParsers.Choice(result, Optimizers),
    };

    private readonly Option<TrainedPart?> _trainable = new("--trainable")
    {
        HelpName = "all|classifier",
        Description = "With --training: which parameters are trained, all or only the classifier (fc) [default: all]",
        CustomParser = result => ValueParsers.Choice(result, Parts),
    };

    private enum TrainedPart
    {
        All,
        Classifier,
    }

    /// <summary>In the order help lists them.</summary>
    public Option[] Options => [_training, _optimizer, _trainable];

    /// <summary>
    /// Whether --training was given; --optimizer and --trainable without it, or with a format other than table (the
    /// costs are text printed under the table), are mistakes in the arguments.
    /// </summary>
    public bool Requested(ParseResult parsed, OutputFormat format)
    {
        var training = parsed.GetValue(_training);
        foreach (var option in new Option[] { _optimizer, _trainable })
        {
            if (!training && parsed.GetResult(option) is { Implicit: false })
            {
                throw new UsageException($"{option.Name} needs --training.");
            }
        }

        if (training && format != OutputFormat.Table)
        {
            throw new UsageException("--training prints its costs under the statistics table: use it with --format table.");
        }

        return training;
    }

    /// <summary>The training costs of the model <paramref name="settings"/> choose, as text (analysed on one image, reported for the batch).</summary>
    public string Run(ParseResult parsed, StatisticsSettings settings)
    {
        using var classifier = ModelFactory.Open(settings.Model);
        var size = settings.Size ?? (classifier.Card?.Transform is { } t ? new InputSize(t.CropHeight, t.CropWidth) : null);
        var costs = ModelStatistics.AnalyzeTraining(classifier.Model!, InputSize.Shape(size, 1), new TrainingCostOptions
        {
            Batch = settings.Batch ?? StatisticsSettings.DefaultStatisticsBatch,
            Optimizer = parsed.GetValue(_optimizer) ?? TrainingOptimizer.SgdMomentum,
            Trainable = parsed.GetValue(_trainable) == TrainedPart.Classifier ? TrainableParameters.Prefix("fc") : TrainableParameters.All,
        });
        return costs.ToText();
    }
}
