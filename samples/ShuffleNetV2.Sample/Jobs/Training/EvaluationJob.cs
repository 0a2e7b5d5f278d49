using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ShuffleNet.Torch.Onnx;
using TorchTraining.Checkpoints;
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
        var (transform, source) = Resolve(settings, recorded, recorded is null ? null : "the ONNX file's metadata", path);
        CheckClasses(session.NumClasses ?? data.Classes.Count, session.Labels, data, path, stderr);
        using var model = new OnnxClassifier(session);
        var result = Evaluate(model, data, transform, settings);
        return EvaluationOutput.Format(new EvaluationReport(Path.GetFullPath(path), InferenceEngine.Onnx, data, result, transform, source), settings.Format);
    }

    private static string RunWeights(EvaluationSettings settings, string path, TrainingData data, TextWriter stderr)
    {
        var record = ModelRecord.FindFor(path);
        var (transform, source) = Resolve(settings, record?.Record.EvalTransform.ToTransform(record.Value.Path), record?.Path, path);
        using var model = LoadModel(path, record?.Record);
        CheckClasses(model.NumClasses, record?.Record.Classes, data, path, stderr);
        var result = Evaluate(model, data, transform, settings);
        return EvaluationOutput.Format(new EvaluationReport(Path.GetFullPath(path), InferenceEngine.TorchSharp, data, result, transform, source), settings.Format);
    }

    /// <summary>A weights file the library reads (model.pth included), or a training checkpoint of a run whose model.json gives the architecture.</summary>
    internal static ShuffleNetV2 LoadModel(string path, ModelRecord? record)
    {
        ShuffleNetV2 model;
        if (IsTrainingCheckpoint(path))
        {
            if (record is null)
            {
                throw new UsageException($"--weights: '{path}' is a training checkpoint, and no {ModelRecord.FileName} beside it says which network it holds.");
            }

            model = new ShuffleNetV2(record.Architecture, record.Classes.Length);
            try
            {
                Checkpoint.LoadWeights(path, model);
            }
            catch
            {
                model.Dispose();
                throw;
            }
        }
        else
        {
            model = ShuffleNetV2.FromWeights(path);
        }

        model.eval();
        return model;
    }

    private static bool IsTrainingCheckpoint(string path)
    {
        try
        {
            Checkpoint.ReadInfo(path);
            return true;
        }
        catch (InvalidDataException)
        {
            return false;
        }
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

    /// <summary>The recorded transform with the options' values in place of the recorded ones.</summary>
    private static (EvalTransform Transform, string Source) Resolve(EvaluationSettings settings, EvalTransform? recorded, string? recordPath, string modelPath) =>
        Resolve(new TransformOverrides(settings.Size, settings.Resize, settings.Mean, settings.Std), recorded, recordPath, modelPath);

    /// <summary>The recorded transform with the options' values in place of the recorded ones.</summary>
    internal static (EvalTransform Transform, string Source) Resolve(TransformOverrides settings, EvalTransform? recorded, string? recordPath, string modelPath)
    {
        var given = settings.Size is not null || settings.Resize is not null || settings.Mean is not null || settings.Std is not null;
        if (recorded is null && (settings.Size is null || settings.Mean is null || settings.Std is null))
        {
            throw new UsageException(
                $"'{modelPath}' records no eval transform (no {ModelRecord.FileName} beside a weights file, no preprocessing in an ONNX file's metadata): give --size, --mean and --std (and --resize to resize first).");
        }

        var transform = new EvalTransform(
            settings.Size?.Height ?? recorded!.Height,
            settings.Size?.Width ?? recorded!.Width,
            settings.Resize ?? recorded?.Resize,
            settings.Mean ?? recorded!.Mean,
            settings.Std ?? recorded!.Std);
        var source = recorded is null ? "the options" : given ? $"{recordPath}, with the options' values" : recordPath!;
        return (transform, source);
    }

    internal static void CheckClasses(long modelClasses, IReadOnlyList<string>? recordedNames, TrainingData data, string path, TextWriter stderr)
    {
        if (modelClasses != data.Classes.Count)
        {
            throw new UsageException($"'{path}' has {modelClasses} classes but the data in '{data.Path}' has {data.Classes.Count}.");
        }

        if (recordedNames is not null && !recordedNames.SequenceEqual(data.Classes, StringComparer.Ordinal))
        {
            stderr.WriteLine($"warning: the model's class names ({string.Join(", ", recordedNames.Take(3))}, ...) differ from the data's ({string.Join(", ", data.Classes.Take(3))}, ...); labels are matched by index.");
        }
    }

    private static EvaluationResult Evaluate(nn.Module<Tensor, Tensor> model, TrainingData data, EvalTransform transform, EvaluationSettings settings)
    {
        var loader = new DataLoader(data.Test, transform.ToCompose(), new DataLoaderOptions { BatchSize = settings.Batch, Workers = settings.Workers });
        return Evaluator.Evaluate(model, loader);
    }
}

/// <summary>--size, --resize, --mean and --std: the values that replace the recorded eval transform's.</summary>
internal sealed record TransformOverrides(InputSize? Size, int? Resize, float[]? Mean, float[]? Std);

/// <summary>What evaluate was asked for.</summary>
internal sealed record EvaluationSettings
{
    public string? WeightsPath { get; init; }

    public string? OnnxPath { get; init; }

    public required string DataPath { get; init; }

    public InputSize? Size { get; init; }

    public int? Resize { get; init; }

    public float[]? Mean { get; init; }

    public float[]? Std { get; init; }

    public int Batch { get; init; } = TrainingRecipe.EvaluationBatch;

    public int Workers { get; init; } = TrainingRecipe.DefaultWorkers;

    public double? ValidationFraction { get; init; }

    public int? Seed { get; init; }

    public int? Threads { get; init; }

    public OutputFormat Format { get; init; } = OutputFormat.Table;
}

/// <summary>The result of evaluate.</summary>
internal sealed record EvaluationReport(string Model, InferenceEngine Engine, TrainingData Data, EvaluationResult Result, EvalTransform Transform, string TransformSource);
