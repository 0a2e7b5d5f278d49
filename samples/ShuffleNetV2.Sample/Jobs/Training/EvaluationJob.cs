using System.IO;
using ShuffleNet.Torch.Onnx;
using TorchTraining.Loading;
using TorchTraining.Metrics;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Sample;

/// <summary>
/// evaluate: a trained model's accuracy on the test split of --data, with the eval transform the model's files record:
/// the ONNX metadata for --onnx, the train run's model.json for --weights (see <see cref="ModelRecord.FindFor"/>);
/// options given on the command line replace the recorded values.
/// </summary>
internal static class EvaluationJob
{
    public static string Run(EvaluationSettings settings, TextWriter stderr)
    {
        var data = TrainingData.OpenTest(settings.DataPath, settings.ValidationFraction, settings.Seed);
        return settings.OnnxPath is { } onnxPath ? RunOnnx(settings, onnxPath, data, stderr) : RunWeights(settings, settings.WeightsPath!, data, stderr);
    }

    private static string RunOnnx(EvaluationSettings settings, string path, TrainingData data, TextWriter stderr)
    {
        using var session = OpenOnnx(path, settings.Threads ?? 0);
        var recorded = session.Preprocessing is { } preprocessing ? EvalTransform.From(preprocessing) : null;
        var (transform, source) = settings.Transform.Apply(recorded, recorded is null ? null : "the ONNX file's metadata", path);
        TrainedModel.CheckClasses(session.NumClasses ?? data.Classes.Count, session.Labels, data, path, stderr);
        using var model = new OnnxClassifier(session);
        var result = Evaluate(model, data, transform, settings);
        return EvaluationOutput.Format(new EvaluationReport(Path.GetFullPath(path), InferenceEngine.Onnx, data, result, transform, source), settings.Format);
    }

    private static string RunWeights(EvaluationSettings settings, string path, TrainingData data, TextWriter stderr)
    {
        var record = ModelRecord.FindFor(path);
        var (transform, source) = settings.Transform.Apply(record?.Record.EvalTransform.ToTransform(record.Value.Path), record?.Path, path);
        using var model = TrainedModel.Load(path, record?.Record);
        TrainedModel.CheckClasses(model.NumClasses, record?.Record.Classes, data, path, stderr);
        var result = Evaluate(model, data, transform, settings);
        return EvaluationOutput.Format(new EvaluationReport(Path.GetFullPath(path), InferenceEngine.TorchSharp, data, result, transform, source), settings.Format);
    }

    private static OnnxShuffleNetV2 OpenOnnx(string path, int threads)
    {
        try
        {
            return OnnxShuffleNetV2.Load(path, threads);
        }
        catch (InvalidDataException e)
        {
            throw new UsageException($"--onnx: {e.Message}");
        }
    }

    private static EvaluationResult Evaluate(nn.Module<Tensor, Tensor> model, TrainingData data, EvalTransform transform, EvaluationSettings settings)
    {
        var loader = new DataLoader(data.Test, transform.ToCompose(), new DataLoaderOptions { BatchSize = settings.Batch, Workers = settings.Workers });
        return Evaluator.Evaluate(model, loader);
    }
}

/// <summary>What evaluate was asked for.</summary>
internal sealed record EvaluationSettings
{
    public string? WeightsPath { get; init; }

    public string? OnnxPath { get; init; }

    public required string DataPath { get; init; }

    public TransformOverrides Transform { get; init; } = TransformOverrides.None;

    public int Batch { get; init; } = TrainingRecipe.EvaluationBatch;

    public int Workers { get; init; } = TrainingRecipe.DefaultWorkers;

    public double? ValidationFraction { get; init; }

    public int? Seed { get; init; }

    public int? Threads { get; init; }

    public OutputFormat Format { get; init; } = OutputFormat.Table;
}

/// <summary>The result of evaluate.</summary>
internal sealed record EvaluationReport(string Model, InferenceEngine Engine, TrainingData Data, EvaluationResult Result, EvalTransform Transform, string TransformSource);
