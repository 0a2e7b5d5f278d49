using System.IO;
using ShuffleNet.Torch.Classifier;
using TorchCheckpoints.Hub;
using TorchTraining.Datasets;
using TorchTraining.Metrics;

namespace ShuffleNet.Torch.Sample;

/// <summary>
/// evaluate: a trained model's accuracy on the test split of --data, through the library's classifier: the eval
/// transform and class names of the model's card (a run folder's model.json, the card beside model.pth, inside a
/// checkpoint, or in an ONNX file's metadata); options given on the command line replace the card's values.
/// </summary>
internal static class EvaluationJob
{
    public static string Run(EvaluationSettings settings, TextWriter stderr)
    {
        var path = settings.OnnxPath ?? settings.WeightsPath!;
        var options = new ClassifierLoadOptions
        {
            DefaultTransform = settings.Transform.Whole(),
            AdjustTransform = settings.Transform.Apply,
            Engine = settings.OnnxPath is not null || Path.GetExtension(path).Equals(".onnx", System.StringComparison.OrdinalIgnoreCase) ? ClassifierEngine.OnnxRuntime : null,
            OnnxThreads = settings.Threads ?? 0,
        };
        using var classifier = ModelFactory.Load(path, options, settings.OnnxPath is null ? "--weights" : "--onnx");
        RequireTransform(classifier, settings.Transform, path);
        var evaluation = DataMistakes.Named(() => classifier.Evaluate(settings.DataPath, new EvaluationOptions
        {
            BatchSize = settings.Batch,
            Workers = settings.Workers,
            ValidationFraction = settings.ValidationFraction,
            SplitSeed = settings.Seed,
        }));
        if (!evaluation.ClassNamesMatch)
        {
            stderr.WriteLine($"warning: the model's class names ({string.Join(", ", System.Linq.Enumerable.Take(classifier.Classes!, 3))}, ...) differ from the data's ({string.Join(", ", System.Linq.Enumerable.Take(evaluation.Data.Classes, 3))}, ...); labels are matched by index.");
        }

        var engine = classifier.Engine == ClassifierEngine.OnnxRuntime ? InferenceEngine.Onnx : InferenceEngine.TorchSharp;
        var report = new EvaluationReport(Path.GetFullPath(path), engine, evaluation.Data, evaluation.Result, classifier.Transform, settings.Transform.Source(CardOrigin.Of(classifier)));
        return EvaluationOutput.Format(report, settings.Format);
    }

    /// <summary>A model without a card is evaluated only with a whole transform from the options (<see cref="TransformOverrides.Whole"/>): guessing one gives silently wrong accuracies.</summary>
    /// <exception cref="UsageException">No card and no whole transform.</exception>
    public static void RequireTransform(ShuffleNetV2Classifier classifier, TransformOverrides overrides, string path)
    {
        if (classifier.Source.CardOrigin is null && (overrides.Size is null || overrides.Mean is null || overrides.Std is null))
        {
            throw new UsageException(
                $"'{Path.GetFullPath(path)}' has no model card (no model.json beside it, none in a checkpoint or the ONNX metadata) to say how its images are prepared: give --size, --mean and --std (and --resize to resize first).");
        }
    }
}

/// <summary>Problems with --data (a missing folder, unusable files, another class count) as usage errors naming the option.</summary>
internal static class DataMistakes
{
    public static T Named<T>(System.Func<T> use, string? unwritten = null)
    {
        try
        {
            return use();
        }
        catch (System.Exception e) when (e is DirectoryNotFoundException or InvalidDataException)
        {
            throw new UsageException($"--data: {e.Message}" + (unwritten is null ? string.Empty : $" Nothing was written to '{Path.GetFullPath(unwritten)}'."));
        }
    }
}

/// <summary>The library's evaluation defaults, which the help states.</summary>
internal static class EvaluationDefaults
{
    private static readonly EvaluationOptions Options = new();

    public static int BatchSize => Options.BatchSize;

    public static int Workers => Options.Workers;
}

/// <summary>What evaluate was asked for.</summary>
internal sealed record EvaluationSettings
{
    public string? WeightsPath { get; init; }

    public string? OnnxPath { get; init; }

    public required string DataPath { get; init; }

    public TransformOverrides Transform { get; init; } = TransformOverrides.None;

    public int Batch { get; init; } = EvaluationDefaults.BatchSize;

    public int Workers { get; init; } = EvaluationDefaults.Workers;

    public double? ValidationFraction { get; init; }

    public int? Seed { get; init; }

    public int? Threads { get; init; }

    public OutputFormat Format { get; init; } = OutputFormat.Table;
}

/// <summary>The result of evaluate.</summary>
internal sealed record EvaluationReport(string Model, InferenceEngine Engine, ImageData Data, EvaluationResult Result, ImageClassificationTransform Transform, string TransformSource);
