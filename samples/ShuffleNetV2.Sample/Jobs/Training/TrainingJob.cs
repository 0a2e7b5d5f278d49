using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using ShuffleNet.Torch.Cards;
using ShuffleNet.Torch.Classifier;
using TorchImaging;
using TorchCheckpoints;
using TorchTraining.Checkpoints;
using TorchTraining.Metrics;
using TorchTraining.Runs;

namespace ShuffleNet.Torch.Sample;

/// <summary>
/// train: the library's training run (<see cref="TrainingRun"/>, with <see cref="ShuffleNetV2Training"/> for the
/// network) from the command line: every check first, then progress on stderr and the result on stdout.
/// </summary>
internal static class TrainingJob
{
    public static int Run(TrainingRunOptions options, TrainingNetwork network, OutputFormat format, TextWriter stdout, TextWriter stderr, CancellationToken interrupt)
    {
        var run = Prepare(options, network);
        var display = ProgressDisplay.For(stderr);
        foreach (var notice in run.Notices)
        {
            display.Note($"note: {notice}");
        }

        var architecture = run.Card.Architecture.ToShuffleNetV2();
        var resuming = run.ResumeCheckpoint is { } from ? $", resuming at epoch {from.Epoch + 1} step {from.Step}" : string.Empty;
        display.Note($"training {Describe(architecture)} on {run.Data.Path} ({run.Data.KindName}, {run.Data.Classes.Count} classes, {run.Data.Train!.Count} training and {run.Data.Test.Count} test images) "
            + $"for {run.TrainingOptions.Epochs} epochs{resuming}; input {run.Size}x{run.Size}, batch {options.BatchSize ?? run.Preset.BatchSize}, "
            + $"{run.TrainingOptions.Optimizer.Kind.ToString().ToLowerInvariant()} lr {run.TrainingOptions.Optimizer.LearningRate.ToString(CultureInfo.InvariantCulture)} ({run.Preset.Name} preset); "
            + $"{TorchSharp.torch.get_num_threads()} TorchSharp thread(s), OpenMP wait policy {OpenMpWaitPolicy.Current}; files in {run.OutputFolder}");

        TrainingRunResult result;
        try
        {
            TrainingRunResult? finished = null;
            display.Run(observer => finished = run.Run(observer, interrupt));
            result = finished!;
        }
        catch (OperationCanceledException) when (interrupt.IsCancellationRequested)
        {
            var last = Path.Combine(run.OutputFolder, TrainingRunFiles.LastCheckpoint);
            if (!File.Exists(last))
            {
                stderr.WriteLine("interrupted before the first training step: nothing was trained, there is nothing to resume.");
                return ExitCodes.Interrupted;
            }

            var info = TrainingCheckpoint.ReadInfo(last);
            stderr.WriteLine(
                $"interrupted: stopped at epoch {info.Epoch + 1}, step {info.Step} of {info.StepsPerEpoch}; {last} holds the run so far. "
                + $"Continue with the same options and --resume {last}.");
            return ExitCodes.Interrupted;
        }
        catch (ImageFileException e)
        {
            throw new UsageException($"{e.Message} Fix or remove the file, or pass --skip-unreadable to leave such files out.");
        }

        stdout.Write(TrainingOutput.Format(Report(result, architecture), format));
        return ExitCodes.Success;
    }

    /// <summary>The run, checked: every mistake in the options, the data, the output folder or the checkpoint to resume from is one usage error, and nothing is written.</summary>
    private static TrainingRun Prepare(TrainingRunOptions options, TrainingNetwork network)
    {
        try
        {
            return network.WeightsPath is { } weights
                ? ShuffleNetV2Training.FineTune(options, weights, network.Width)
                : ShuffleNetV2Training.FromScratch(options, network.Width ?? ModelChoice.DefaultWidth);
        }
        catch (ModelMismatchException e)
        {
            throw ModelFactory.Mismatch(e);
        }
        catch (CheckpointMismatchException e)
        {
            throw new UsageException($"--resume: {e.Message} Resume with the options of the run that wrote it (--width, --weights, --optimizer, --ema, --batch, the data).");
        }
        catch (Exception e) when (e is ArgumentException and not ArgumentNullException)
        {
            throw new UsageException(InOptionNames(e.Message.Split(" (Parameter", 2)[0], options));
        }
        catch (DirectoryNotFoundException e)
        {
            throw new UsageException($"--data: {e.Message}");
        }
        catch (InvalidDataException e) when (!HoldsData(options.DataPath))
        {
            throw new UsageException($"--data: {e.Message}");
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new UsageException(InOptionNames(e.Message, options));
        }
    }

    /// <summary>Whether the folder holds one of the layouts; when it does not, the library's message is about --data itself, not about a file in it.</summary>
    private static bool HoldsData(string path)
    {
        try
        {
            TorchTraining.Datasets.ImageData.Detect(path);
            return true;
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            return false;
        }
    }

    /// <summary>
    /// The library's messages name <see cref="TrainingRunOptions"/>' properties; the command line's user knows them as
    /// options. Resume (continue from the output folder's last checkpoint) is --resume with that checkpoint.
    /// </summary>
    private static string InOptionNames(string message, TrainingRunOptions options)
    {
        var last = Path.Combine(Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.OutputFolder)), TrainingRunFiles.LastCheckpoint);
        return OptionNames.Append((Property: nameof(TrainingRunOptions.Resume), Option: $"--resume {last}"))
            .Aggregate(message, (text, pair) => Regex.Replace(text, $@"\b{pair.Property}\b", pair.Option.Replace("$", "$$", StringComparison.Ordinal)));
    }

    private static readonly (string Property, string Option)[] OptionNames =
    [
        (nameof(TrainingRunOptions.FreezeBackboneEpochs), "--freeze-backbone-epochs"),
        (nameof(TrainingRunOptions.BackboneLearningRateScale), "--backbone-lr-scale"),
        (nameof(TrainingRunOptions.WarmupEpochs), "--warmup-epochs"),
        (nameof(TrainingRunOptions.ValidationFraction), "--val-fraction"),
        (nameof(TrainingRunOptions.SkipUnreadableFiles), "--skip-unreadable"),
        (nameof(TrainingRunOptions.LabelSmoothing), "--label-smoothing"),
        (nameof(TrainingRunOptions.RandomErasing), "--random-erase"),
        (nameof(TrainingRunOptions.LearningRate), "--lr"),
        (nameof(TrainingRunOptions.WeightDecay), "--weight-decay"),
        (nameof(TrainingRunOptions.OutputFolder), "--output"),
        (nameof(TrainingRunOptions.ResumeFrom), "--resume"),
        (nameof(TrainingRunOptions.DataPath), "--data"),
        (nameof(TrainingRunOptions.BatchSize), "--batch"),
        (nameof(TrainingRunOptions.Epochs), "--epochs"),
        (nameof(TrainingRunOptions.Workers), "--workers"),
    ];

    private static TrainingResult Report(TrainingRunResult result, ShuffleNetV2Architecture network)
    {
        var files = new Dictionary<string, string>();
        foreach (var (key, name) in FileKeys)
        {
            var path = Path.Combine(result.OutputFolder, name);
            if (result.Files.Contains(path, StringComparer.Ordinal))
            {
                files[key] = path;
            }
        }

        return new TrainingResult(Describe(network), network, result.Data, result.History, result.Final, result.BestTop1, result.BestEpoch,
            result.TrainImagesPerSecond, result.Card.Transform, files);
    }

    /// <summary>The keys the result names the run's files by, in the order it lists them.</summary>
    private static readonly (string Key, string Name)[] FileKeys =
    [
        ("model", ShuffleNetV2Training.WeightsFile),
        ("model_record", ModelCard.FileName),
        ("onnx", ShuffleNetV2Training.OnnxFile),
        ("last_checkpoint", TrainingRunFiles.LastCheckpoint),
        ("best_checkpoint", TrainingRunFiles.BestCheckpoint),
        ("metrics_csv", TrainingRunFiles.MetricsCsv),
        ("metrics_jsonl", TrainingRunFiles.MetricsJsonl),
        ("curves", TrainingRunFiles.Curves),
        ("confusion", TrainingRunFiles.Confusion),
    ];

    private static string Describe(ShuffleNetV2Architecture architecture) =>
        architecture.Width is { } width ? $"ShuffleNetV2 {width.ToText()}x" : $"ShuffleNetV2 ({architecture})";
}

/// <summary>train's network: a width from scratch, or fine-tuned from a weights file (whose width --width must match when given).</summary>
internal sealed record TrainingNetwork(ShuffleNetV2Width? Width, string? WeightsPath);

/// <summary>What a finished train run reports.</summary>
internal sealed record TrainingResult(
    string Model, ShuffleNetV2Architecture Architecture, TorchTraining.Datasets.ImageData Data, IReadOnlyList<EpochRecord> History, EvaluationResult Final,
    double? BestTop1, int? BestEpoch, double TrainImagesPerSecond, TorchCheckpoints.Hub.ImageClassificationTransform Transform, IReadOnlyDictionary<string, string> Files);
