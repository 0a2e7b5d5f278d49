using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using ShuffleNet.Torch.Cards;
using ShuffleNet.Torch.Imaging;
using ShuffleNet.Torch.Onnx;
using ShuffleNet.Torch.Weights;
using TorchCheckpoints;
using TorchCheckpoints.Hub;
using TorchTraining;
using TorchTraining.Checkpoints;
using TorchTraining.Datasets;
using TorchTraining.Loading;
using TorchTraining.Metrics;
using TorchTraining.Reporting;
using TorchTraining.Transforms;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Sample;

/// <summary>
/// train: a ShuffleNetV2 trained (or fine-tuned from --weights) on IDX files or an image folder. The output folder
/// receives model.json first, then after every epoch last.ckpt, best.ckpt, metrics.csv and metrics.jsonl, and at the
/// end model.pth (PyTorch's zip format, torchvision's keys), model.onnx (the eval transform and class names in its
/// metadata), curves.png and confusion.png. Progress goes to stderr, the result to stdout.
/// </summary>
internal static class TrainingJob
{
    public static int Run(TrainingSettings settings, TextWriter stdout, TextWriter stderr, CancellationToken interrupt)
    {
        TrainingRecipe.Check(settings);
        var data = OpenData(settings);
        var output = RunFolder.Prepare(settings.OutputFolder, settings.ResumePath);
        var display = ProgressDisplay.For(stderr);
        if (data.SkippedFiles.Count > 0)
        {
            display.Note($"warning: --skip-unreadable left out {data.SkippedFiles.Count} image file(s) that cannot be decoded, e.g. '{data.SkippedFiles[0]}'.");
        }

        var size = TrainingRecipe.Size(settings, data.Kind);
        var transforms = TrainingTransforms.For(data, size, fromPretrained: settings.WeightsPath is not null, settings.RandomErasing);
        using var model = CreateModel(settings, data.Classes.Count);
        var card = ShuffleNetV2Cards.Create(model.Architecture, data.Classes, transforms.Eval, new ModelProvenance { Data = data.ToCardSource() }) with { Weights = RunFolder.ModelFile };

        var train = new DataLoader(data.Train!, transforms.Train, new DataLoaderOptions { BatchSize = settings.Batch, Shuffle = true, DropLast = true, Workers = settings.Workers, Seed = settings.Seed });
        var test = new DataLoader(data.Test, Compose.ForEvaluation(transforms.Eval), new DataLoaderOptions { BatchSize = TrainingRecipe.EvaluationBatch, Workers = settings.Workers, Seed = settings.Seed });
        if (train.BatchCount == 0)
        {
            throw new UsageException($"--batch {settings.Batch} is more than the {data.Train!.Count} training images: no full batch to train on.");
        }

        var relay = new ObserverRelay();
        using var trainer = CreateTrainer(model, train, test, TrainingRecipe.Options(settings, output) with { Card = card }, relay);
        if (settings.ResumePath is { } resume)
        {
            Resume(trainer, resume);
        }

        display.Note($"training {Describe(model)} on {data.Path} ({data.KindName}, {data.Classes.Count} classes, {data.Train!.Count} training and {data.Test.Count} test images) "
            + $"for {settings.Epochs} epochs{(trainer.Epoch > 0 || trainer.StepInEpoch > 0 ? $", resuming at epoch {trainer.Epoch + 1} step {trainer.StepInEpoch}" : "")}; "
            + $"input {size}x{size}, batch {settings.Batch}, {settings.Optimizer.ToString().ToLowerInvariant()} lr {trainer.Options.Optimizer.LearningRate.ToString(CultureInfo.InvariantCulture)}; files in {output}");

        try
        {
            display.Run(observer =>
            {
                relay.Display = observer;
                trainer.Run(interrupt);
            });
        }
        catch (OperationCanceledException) when (interrupt.IsCancellationRequested)
        {
            if (!File.Exists(trainer.LastCheckpointPath))
            {
                stderr.WriteLine("interrupted before the first training step: nothing was trained, there is nothing to resume.");
                return ExitCodes.Interrupted;
            }

            stderr.WriteLine(
                $"interrupted: stopped at epoch {trainer.Epoch + 1}, step {trainer.StepInEpoch} of {trainer.Schedule.StepsPerEpoch}; {trainer.LastCheckpointPath} holds the run so far. "
                + $"Continue with the same options and --resume {trainer.LastCheckpointPath}.");
            return ExitCodes.Interrupted;
        }
        catch (ImageFileException e)
        {
            throw new UsageException($"{e.Message} Fix or remove the file, or pass --skip-unreadable to leave such files out.");
        }

        var evaluation = relay.Last?.Evaluation ?? Evaluator.Evaluate(model, test, settings.LabelSmoothing, trainer.History.Count - 1, cancellationToken: CancellationToken.None);
        var result = WriteResults(model, trainer, evaluation, data, card, output);
        stdout.Write(TrainingOutput.Format(result, settings.Format));
        return ExitCodes.Success;
    }

    private static ShuffleNetV2 CreateModel(TrainingSettings settings, int classes)
    {
        random.manual_seed(settings.Seed);
        if (settings.WeightsPath is not { } weights)
        {
            return ShuffleNetV2.Create(settings.Width ?? ModelChoice.DefaultWidth, classes);
        }

        var model = ShuffleNetV2.FromWeights(weights, classes, new WeightsLoadOptions { SkipClassifier = true });
        if (settings.Width is { } width && !model.Architecture.Equals(ShuffleNetV2Architecture.For(width)))
        {
            var found = model.Architecture.Width is { } fileWidth ? $"the {fileWidth.ToText()}x width" : model.Architecture.ToString();
            model.Dispose();
            throw new UsageException($"--width {width.ToText()} does not match the weights file '{weights}', which holds {found}; leave out --width to use the file's.");
        }

        return model;
    }

    private static Trainer CreateTrainer(ShuffleNetV2 model, IBatchSource train, IBatchSource test, TrainingOptions options, ITrainingObserver observer)
    {
        try
        {
            return new Trainer(model, train, test, options, observer);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
    }

    private static void Resume(Trainer trainer, string checkpoint)
    {
        try
        {
            trainer.Resume(checkpoint);
        }
        catch (InvalidDataException e)
        {
            throw new UsageException($"--resume: {e.Message}");
        }
        catch (CheckpointMismatchException e)
        {
            throw new UsageException($"--resume: {e.Message} Resume with the options of the run that wrote it (--width, --weights, --optimizer, --ema, --batch, the data).");
        }
    }

    private static ImageData OpenData(TrainingSettings settings)
    {
        try
        {
            return ImageData.Open(settings.DataPath, new ImageDataOptions { ValidationFraction = settings.ValidationFraction, SplitSeed = settings.Seed, SkipUnreadableFiles = settings.SkipUnreadable });
        }
        catch (ArgumentException e) when (e is not ArgumentNullException)
        {
            throw new UsageException($"--data: {e.Message.Split(" (Parameter", 2)[0]}");
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            throw new UsageException($"--data: {e.Message}");
        }
    }

    /// <summary>The run's files once training has finished; the card is written last, with the final metrics, so that only a finished run has one.</summary>
    private static TrainingResult WriteResults(ShuffleNetV2 model, Trainer trainer, EvaluationResult evaluation, ImageData data, ModelCard card, string output)
    {
        string File(string name) => Path.Combine(output, name);
        model.eval();
        model.SaveWeights(File(RunFolder.ModelFile), CheckpointFormat.PyTorchZip, WeightsKeyStyle.Torchvision);
        var final = trainer.History[^1];
        card = card with
        {
            Provenance = card.Provenance! with
            {
                Recipe = "train command",
                Metrics = new Dictionary<string, double> { ["test_top1"] = final.TestTop1, ["test_top5"] = final.TestTop5, ["test_loss"] = final.TestLoss, ["epochs"] = trainer.History.Count },
                Created = DateTimeOffset.UtcNow,
                Tool = $"ShuffleNetV2.Torch {typeof(ShuffleNetV2).Assembly.GetName().Version?.ToString(3)}",
            },
        };
        var onnxBytes = model.ToOnnxBytes(new OnnxExportOptions { Card = card });
        CheckpointWriter.WriteAtomically(File(RunFolder.OnnxFile), stream => stream.Write(onnxBytes));
        TrainingCurvesChart.Write(File(RunFolder.CurvesFile), trainer.History);
        ConfusionMatrixChart.Write(File(RunFolder.ConfusionFile), evaluation.Confusion, data.Classes,
            $"Confusion matrix: {data.TestSplit} images after epoch {final.Epoch + 1} (top-1 {final.TestTop1 * 100:0.00}%)");

        card.Write(File(ModelCard.FileName));
        var files = new Dictionary<string, string>
        {
            ["model"] = File(RunFolder.ModelFile),
            ["model_record"] = File(ModelCard.FileName),
            ["onnx"] = File(RunFolder.OnnxFile),
            ["last_checkpoint"] = trainer.LastCheckpointPath!,
            ["best_checkpoint"] = trainer.BestCheckpointPath!,
            ["metrics_csv"] = File(RunFolder.MetricsCsv),
            ["metrics_jsonl"] = File(RunFolder.MetricsJsonl),
            ["curves"] = File(RunFolder.CurvesFile),
            ["confusion"] = File(RunFolder.ConfusionFile),
        };
        var seconds = trainer.History.Sum(r => r.TrainSeconds);
        var images = trainer.History.Sum(r => r.ImagesPerSecond * r.TrainSeconds);
        return new TrainingResult(Describe(model), model.Architecture, data, trainer.History, evaluation, trainer.BestTop1, trainer.BestEpoch,
            seconds > 0 ? images / seconds : 0, card.Transform, files);
    }

    private static string Describe(ShuffleNetV2 model) =>
        model.Architecture.Width is { } width ? $"ShuffleNetV2 {width.ToText()}x" : $"ShuffleNetV2 ({model.Architecture})";

    /// <summary>
    /// The trainer's observer: passes everything on to the display (which exists only once the display runs) and keeps
    /// the last finished epoch's summary, whose confusion matrix becomes confusion.png.
    /// </summary>
    private sealed class ObserverRelay : ITrainingObserver
    {
        public ITrainingObserver? Display { get; set; }

        public EpochSummary? Last { get; private set; }

        public void OnStep(in TrainingProgress progress) => Display?.OnStep(progress);

        public void OnEvaluationStep(in EvaluationProgress progress) => Display?.OnEvaluationStep(progress);

        public void OnEpochCompleted(EpochSummary summary)
        {
            Last = summary;
            Display?.OnEpochCompleted(summary);
        }
    }
}

/// <summary>What a finished train run reports.</summary>
internal sealed record TrainingResult(
    string Model, ShuffleNetV2Architecture Architecture, ImageData Data, IReadOnlyList<EpochRecord> History, EvaluationResult Final,
    double? BestTop1, int? BestEpoch, double TrainImagesPerSecond, ImageClassificationTransform Transform, IReadOnlyDictionary<string, string> Files);
