using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Threading;
using ShuffleNet.Torch.Classifier;
using ShuffleNet.Torch.Classifier.Reports;
using TorchImaging;
using TorchTraining.Checkpoints;
using TorchTraining.Datasets;
using TorchTraining.Runs;
using TorchTraining.Step;
using R = TorchTraining.Runs.TrainingRunOptions;

namespace ShuffleNet.Torch.Sample;

/// <summary>
/// train: a ShuffleNetV2 trained from scratch, or fine-tuned from a weights file, on IDX files or an image folder: the
/// options map onto the library's <see cref="TrainingRunOptions"/>, <see cref="ShuffleNetV2Training.Prepare"/> checks
/// everything first, then progress goes to stderr and the result to stdout.
/// </summary>
internal static class TrainCommand
{
    private static readonly Dictionary<string, OptimizerKind> Optimizers = new() { ["sgd"] = OptimizerKind.Sgd, ["adamw"] = OptimizerKind.AdamW };

    /// <summary>The preset whose defaults the help states (the small-images one; an image folder's size and fine-tuning's rate are stated beside).</summary>
    private static TrainingPreset Preset => TrainingPreset.SmallImages;

    /// <summary>The library's <see cref="TrainingRunOptions"/> properties in its messages, as the options that set them.</summary>
    private static readonly (string Property, string Option)[] Names =
    [
        (nameof(R.FreezeBackboneEpochs), "--freeze-backbone-epochs"), (nameof(R.BackboneLearningRateScale), "--backbone-lr-scale"),
        (nameof(R.WarmupEpochs), "--warmup-epochs"), (nameof(R.ValidationFraction), "--val-fraction"), (nameof(R.SkipUnreadableFiles), "--skip-unreadable"),
        (nameof(R.LabelSmoothing), "--label-smoothing"), (nameof(R.RandomErasing), "--random-erase"), (nameof(R.LearningRate), "--lr"),
        (nameof(R.WeightDecay), "--weight-decay"), (nameof(R.OutputFolder), "--output"), (nameof(R.ResumeFrom), "--resume"), (nameof(R.DataPath), "--data"),
        (nameof(R.BatchSize), "--batch"), (nameof(R.Epochs), "--epochs"), (nameof(R.Workers), "--workers"),
    ];

    /// <param name="interrupt">Stops the run after its current step, with a checkpoint (Ctrl+C).</param>
    public static Command Create(CancellationToken interrupt)
    {
        var data = Options.Path("--data", "PATH",
            "The data: a folder of MNIST-layout IDX files (train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], t10k-...), "
            + "or an image folder (one subfolder of images per class, or train/ and val/ holding such subfolders)", required: true);
        var output = Options.Path("--output", "DIR",
            "The run's folder: last.ckpt, best.ckpt, model.pth, model.json, model.onnx, metrics.csv, metrics.jsonl, curves.png, confusion.png. "
            + "A folder that holds another run is refused", required: true);
        var width = Options.Width("Network width [default: 1.0; with --weights: the file's]");
        var epochs = Options.PositiveInt("--epochs", "N", $"Epochs of the whole run (the schedule's length) [default: {Preset.Epochs}]");
        var batch = Options.PositiveInt("--batch", "B", $"Images per training step (the last partial batch of an epoch is dropped) [default: {Preset.BatchSize}]");
        var seed = Options.NonNegativeInt("--seed", "S", "Seed of the initial weights, the shuffle, the augmentation and an image folder's split [default: 0]");
        var weights = Options.Path("--weights", "FILE",
            "Fine-tune from FILE (any weights file the library reads: torchvision's .pth, safetensors, TorchSharp, a model.pth of this command) "
            + "with a new classifier for the data's classes; ImageNet's normalisation", OptionChecks.ExistingFile);
        var resume = Options.Path("--resume", "FILE",
            "Continue from a checkpoint (last.ckpt) exactly where it stopped, mid-epoch too; give the options of the run that wrote it", OptionChecks.ExistingFile);
        var lr = Options.Of("--lr", "X",
            $"Base learning rate [default: sgd {Number(Preset.SgdLearningRate)}, adamw {Number(Preset.AdamWLearningRate)}; with --weights a tenth of that]", ValueParsers.PositiveNumber);
        var threads = Options.Threads("CPU threads of TorchSharp [default: one per core]");
        var format = Options.Format("The result on stdout: a summary, or one JSON object on the last line [default: table]. Progress goes to stderr", Options.TableOrJson);
        var size = Options.PositiveInt("--size", "N",
            $"Input size N x N in pixels [default: {Preset.DefaultSize} for IDX data, {TrainingPreset.ImageFolder.DefaultSize} for an image folder]");
        var workers = Options.NonNegativeInt("--workers", "N", $"Background threads that decode and augment images; 0 for none [default: {Preset.Workers}]");
        var optimizer = Options.Choice("--optimizer", "SGD with momentum 0.9, or AdamW [default: sgd]", Optimizers);
        var weightDecay = Options.Of("--weight-decay", "X", "Weight decay, none on norm layers and biases [default: sgd 5e-5, adamw 0.05]", ValueParsers.NonNegativeNumber);
        var warmup = Options.NonNegativeInt("--warmup-epochs", "N",
            $"Linear warm-up epochs from 1% of the rate, then cosine decay to 0 [default: {Preset.WarmupEpochs}, at most --epochs - 1]");
        var labelSmoothing = Options.Of("--label-smoothing", "X",
            $"Label smoothing of the cross-entropy [default: {Number(Preset.LabelSmoothing)}]", result => ValueParsers.Fraction(result, oneAllowed: false));
        var randomErase = Options.Of("--random-erase", "P",
            $"Probability of torchvision's RandomErasing per training image; 0 for none [default: {Number(Preset.RandomErasing)}]", result => ValueParsers.Fraction(result, oneAllowed: true));
        var ema = Options.Flag("--ema", "Also keep and evaluate a moving average of the weights (torchvision's --model-ema)");
        var freeze = Options.NonNegativeInt("--freeze-backbone-epochs", "N", "With --weights: train only the new classifier for the first N epochs [default: 0]");
        var backboneScale = Options.Of("--backbone-lr-scale", "X", "With --weights: the pretrained layers learn at X times the rate [default: 1]", ValueParsers.PositiveNumber);
        var skipUnreadable = Options.Flag("--skip-unreadable",
            "Image folders: leave out image files that cannot be decoded (all are decoded once first) and say how many; without it such a file stops the run, named");
        var valFraction = Options.Of("--val-fraction", "X",
            $"Image folders without train/ and val/: the fraction of each class held out as test images, split with --seed [default: {ImageData.DefaultValidationFraction}]",
            ValueParsers.OpenFraction);
        var command = new Command(
            "train",
            "Train a ShuffleNetV2 on IDX files (Fashion-MNIST, MNIST) or an image folder, from scratch or fine-tuned from --weights, torchvision's recipe scaled to a CPU. "
            + "Progress on stderr (progress bars on a terminal, plain lines otherwise); after every epoch a checkpoint and the metrics; at the end the model in "
            + "PyTorch's format with torchvision's keys (model.pth), in ONNX with its eval transform (model.onnx), and the curves and confusion matrix as PNG. "
            + "Ctrl+C stops after the current step with a checkpoint (exit code 130); --resume continues from it.");

        return command.With(
            [
                data, output, width, epochs, batch, seed, weights, resume, lr, threads, format, size, workers, optimizer, weightDecay, warmup, labelSmoothing,
                randomErase, ema, freeze, backboneScale, skipUnreadable, valFraction,
            ],
            parsed =>
            {
                var options = new TrainingRunOptions
                {
                    DataPath = parsed.GetRequiredValue(data), OutputFolder = parsed.GetRequiredValue(output), ResumeFrom = parsed.GetValue(resume),
                    Epochs = parsed.GetValue(epochs), BatchSize = parsed.GetValue(batch), Seed = parsed.GetValue(seed) ?? 0, Size = parsed.GetValue(size),
                    Workers = parsed.GetValue(workers), Threads = parsed.GetValue(threads), Optimizer = parsed.GetValue(optimizer), LearningRate = parsed.GetValue(lr),
                    WeightDecay = parsed.GetValue(weightDecay), WarmupEpochs = parsed.GetValue(warmup), LabelSmoothing = parsed.GetValue(labelSmoothing),
                    RandomErasing = parsed.GetValue(randomErase), Ema = parsed.GetValue(ema),
                    FreezeBackboneEpochs = parsed.GetValue(freeze) ?? 0, BackboneLearningRateScale = parsed.GetValue(backboneScale),
                    SkipUnreadableFiles = parsed.GetValue(skipUnreadable), ValidationFraction = parsed.GetValue(valFraction),
                    TuneGlibcAllocator = true,   // a training process: glibc keeps the freed activations for the next step (process-wide, and fine here)
                    ChannelsLast = true,         // ShuffleNetV2 keeps the layout in every layer: faster steps on the CPU (BENCHMARKS.md, the speed levers)
                };
                var console = parsed.InvocationConfiguration;
                return Train(Prepare(options, parsed.GetValue(width), parsed.GetValue(weights)), parsed.GetValue(format) ?? ReportFormat.Text, console.Output, console.Error, interrupt);
            });
    }

    /// <summary>The run, checked: every mistake in the options, the data, the output folder or the checkpoint to resume from is one usage error, and nothing is written.</summary>
    private static TrainingRun Prepare(TrainingRunOptions options, ShuffleNetV2Width? width, string? weights)
    {
        try
        {
            return ShuffleNetV2Training.Prepare(options, width, weights);
        }
        catch (CheckpointMismatchException e)
        {
            throw new UsageException($"--resume: {e.Message} Resume with the options of the run that wrote it (--width, --weights, --optimizer, --ema, --batch, the data).");
        }
        catch (Exception e) when (e is DirectoryNotFoundException or DataLayoutException)
        {
            throw new UsageException($"--data: {e.Message}");
        }
        catch (Exception e) when (e is (ArgumentException and not ArgumentNullException) or (IOException and not ModelMismatchException) or InvalidDataException or UnauthorizedAccessException)
        {
            // Resume (continue from the output folder's last checkpoint) is --resume with that checkpoint.
            var last = Path.Combine(Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.OutputFolder)), TrainingRunFiles.LastCheckpoint);
            var message = e is ArgumentException argument ? ExitCodes.WithoutParameter(argument) : e.Message;
            throw new UsageException(OptionNames.Translate(message, [.. Names, (nameof(TrainingRunOptions.Resume), $"--resume {last}")]));
        }
    }

    private static int Train(TrainingRun run, ReportFormat format, TextWriter stdout, TextWriter stderr, CancellationToken interrupt)
    {
        var display = ProgressDisplay.For(stderr);
        foreach (var notice in run.Notices)
        {
            display.Note($"note: {notice}");
        }

        display.Note($"{TrainingReport.Plan(run)}; {run.Options.Threads ?? TorchSharp.torch.get_num_threads()} TorchSharp thread(s), OpenMP wait policy {OpenMpWaitPolicy.Current}");
        TrainingRunResult? result = null;
        try
        {
            display.Run(observer => result = run.Run(observer, interrupt));
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
                $"interrupted: stopped at epoch {info.Epoch + 1}, step {info.Step} of {info.StepsPerEpoch}; {last} holds the run so far. Continue with the same options and --resume {last}.");
            return ExitCodes.Interrupted;
        }
        catch (ImageFileException e)
        {
            throw new UsageException($"{e.Message} Fix or remove the file, or pass --skip-unreadable to leave such files out.");
        }

        stdout.Write(TrainingReport.Create(result!).Format(format));
        return ExitCodes.Success;
    }

    private static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);
}
