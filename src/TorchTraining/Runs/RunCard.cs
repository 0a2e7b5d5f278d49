using System;
using System.Collections.Generic;
using TorchCheckpoints;
using TorchCheckpoints.Hub;
using TorchTraining.Datasets;
using TorchTraining.Metrics;

namespace TorchTraining.Runs;

/// <summary>The model card of a run: the one in every checkpoint while it trains, and the final one with its metrics.</summary>
internal static class RunCard
{
    /// <summary>What made the card: this assembly's name and version, e.g. <c>TorchTraining 0.1.0</c>.</summary>
    public static string Tool { get; } = ToolName();

    /// <summary>The card stored in every checkpoint: network, classes, evaluation transform, weights file name, data and recipe.</summary>
    public static ModelCard ForCheckpoints(ITrainableClassifierFactory factory, ImageData data, ImageClassificationTransform transform, RunSettings settings) => new()
    {
        Architecture = factory.Architecture,
        Classes = data.Classes,
        Transform = transform,
        Weights = factory.WeightsFileName,
        Provenance = new ModelProvenance
        {
            Data = data.ToCardSource(),
            Recipe = settings.Preset.Name,
            RecipeSettings = settings.ToJson(),
            Tool = Tool,
        },
    };

    /// <summary>The card of the finished run: the checkpoints' card with the final metrics and the time it was finished.</summary>
    public static ModelCard Final(ModelCard card, EvaluationResult final, double? bestTop1, int? bestEpoch)
    {
        var metrics = new Dictionary<string, double>
        {
            ["test_top1"] = final.Top1,
            ["test_top5"] = final.TopKAccuracy,
            ["test_loss"] = final.Loss,
        };
        if (bestTop1 is { } best && bestEpoch is { } epoch)
        {
            metrics["best_test_top1"] = best;
            metrics["best_epoch"] = epoch;
        }

        var provenance = (card.Provenance ?? new ModelProvenance()) with { Metrics = metrics, Created = DateTimeOffset.UtcNow };
        return card with { Provenance = provenance };
    }

    private static string ToolName()
    {
        var name = typeof(RunCard).Assembly.GetName();
        return $"{name.Name} {name.Version?.ToString(3)}".TrimEnd();
    }
}
