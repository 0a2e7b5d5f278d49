using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.Threading;
using TorchTraining.Runs;
using TorchTraining.Step;

namespace ShuffleNet.Torch.Sample;

/// <summary>train: a ShuffleNetV2 trained from scratch, or fine-tuned from a weights file, on IDX files or an image folder.</summary>
internal sealed class TrainCommand
{
    private static readonly Dictionary<string, OutputFormat> Formats = new() { ["table"] = OutputFormat.Table, ["json"] = OutputFormat.Json };
    private static readonly Dictionary<string, OptimizerKind> Optimizers = new() { ["sgd"] = OptimizerKind.Sgd, ["adamw"] = OptimizerKind.AdamW };

    private readonly Option<string> _data = new("--data")
    {
        HelpName = "PATH",
        Description = "The data: a folder of MNIST-layout IDX files (train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], t10k-...), "
            + "or an image folder (one subfolder of images per class, or train/ and val/ holding such subfolders)",
        Required = true,
    };

    private readonly Option<string> _output = new("--output")
    {
        HelpName = "DIR",
        Description = "The run's folder: last.ckpt, best.ckpt, model.pth, model.json, model.onnx, metrics.csv, metrics.jsonl, curves.png, confusion.png. "
            + "A folder that holds another run is refused",
        Required = true,
    };

    private readonly Option<ShuffleNetV2Width?> _width = new("--width")
    {
        HelpName = "0.5|1.0|1.5|2.0",
        Description = "Network width [default: 1.0; with --weights: the file's]",
        CustomParser = ValueParsers.Width,
    };

    private readonly Option<int?> _epochs = Positive("--epochs", "N", $"Epochs of the whole run (the schedule's length) [default: {Preset.Epochs}]");
    private readonly Option<int?> _batch = Positive("--batch", "B", $"Images per training step (the last partial batch of an epoch is dropped) [default: {Preset.BatchSize}]");

    private readonly Option<int?> _seed = new("--seed")
    {
        HelpName = "S",
        Description = "Seed of the initial weights, the shuffle, the augmentation and an image folder's split [default: 0]",
        CustomParser = ValueParsers.NonNegativeInt,
    };

    private readonly Option<string> _weights = new("--weights")
    {
        HelpName = "FILE",
        Description = "Fine-tune from FILE (any weights file the library reads: torchvision's .pth, safetensors, TorchSharp, a model.pth of this command) "
            + "with a new classifier for the data's classes; ImageNet's normalisation",
    };

    private readonly Option<string> _resume = new("--resume")
    {
        HelpName = "FILE",
        Description = "Continue from a checkpoint (last.ckpt) exactly where it stopped, mid-epoch too; give the options of the run that wrote it",
    };

    private readonly Option<double?> _lr = new("--lr")
    {
        HelpName = "X",
        Description = $"Base learning rate [default: sgd {Preset.SgdLearningRate.ToString(CultureInfo.InvariantCulture)}, adamw {Preset.AdamWLearningRate.ToString(CultureInfo.InvariantCulture)}; with --weights a tenth of that]",
        CustomParser = ValueParsers.PositiveNumber,
    };

    private readonly Option<int?> _threads = SharedOptions.Threads("CPU threads of TorchSharp [default: one per core]");

    private readonly Option<OutputFormat?> _format = new("--format")
    {
        HelpName = "table|json",
        Description = "The result on stdout: a summary, or one JSON object on the last line [default: table]. Progress goes to stderr",
        CustomParser = result => ValueParsers.Choice(result, Formats),
    };

    private readonly Option<int?> _size = Positive("--size", "N",
        $"Input size N x N in pixels [default: {Preset.DefaultSize} for IDX data, {TrainingPreset.ImageFolder.DefaultSize} for an image folder]");

    private readonly Option<int?> _workers = new("--workers")
    {
        HelpName = "N",
        Description = $"Background threads that decode and augment images; 0 for none [default: {Preset.Workers}]",
        CustomParser = ValueParsers.NonNegativeInt,
    };

    private readonly Option<OptimizerKind?> _optimizer = new("--optimizer")
    {
        HelpName = "sgd|adamw",
        Description = "SGD with momentum 0.9, or AdamW [default: sgd]",
        CustomParser = result => ValueParsers.Choice(result, Optimizers),
    };

    private readonly Option<double?> _weightDecay = new("--weight-decay")
    {
        HelpName = "X",
        Description = $"Weight decay, none on norm layers and biases [default: sgd 5e-5, adamw 0.05]",
        CustomParser = ValueParsers.NonNegativeNumber,
    };

    private readonly Option<int?> _warmup = new("--warmup-epochs")
    {
        HelpName = "N",
        Description = $"Linear warm-up epochs from 1% of the rate, then cosine decay to 0 [default: {Preset.WarmupEpochs}, at most --epochs - 1]",
        CustomParser = ValueParsers.NonNegativeInt,
    };

    private readonly Option<double?> _labelSmoothing = new("--label-smoothing")
    {
        HelpName = "X",
        Description = $"Label smoothing of the cross-entropy [default: {Preset.LabelSmoothing.ToString(CultureInfo.InvariantCulture)}]",
        CustomParser = result => ValueParsers.Fraction(result, oneAllowed: false),
    };

    private readonly Option<double?> _randomErase = new("--random-erase")
    {
        HelpName = "P",
        Description = $"Probability of torchvision's RandomErasing per training image; 0 for none [default: {Preset.RandomErasing.ToString(CultureInfo.InvariantCulture)}]",
        CustomParser = result => ValueParsers.Fraction(result, oneAllowed: true),
    };

    private readonly Option<bool> _ema = new("--ema") { Description = "Also keep and evaluate a moving average of the weights (torchvision's --model-ema)" };

    private readonly Option<int?> _freeze = new("--freeze-backbone-epochs")
    {
        HelpName = "N",
        Description = "With --weights: train only the new classifier for the first N epochs [default: 0]",
        CustomParser = ValueParsers.NonNegativeInt,
    };

    private readonly Option<double?> _backboneScale = new("--backbone-lr-scale")
    {
        HelpName = "X",
        Description = "With --weights: the pretrained layers learn at X times the rate [default: 1]",
        CustomParser = ValueParsers.PositiveNumber,
    };

    private readonly Option<bool> _skipUnreadable = new("--skip-unreadable")
    {
        Description = "Image folders: leave out image files that cannot be decoded (all are decoded once first) and say how many; without it such a file stops the run, named",
    };

    private readonly Option<double?> _valFraction = new("--val-fraction")
    {
        HelpName = "X",
        Description = $"Image folders without train/ and val/: the fraction of each class held out as test images, split with --seed [default: {TorchTraining.Datasets.ImageData.DefaultValidationFraction}]",
        CustomParser = ValueParsers.OpenFraction,
    };

    /// <summary>The preset whose defaults the help states (the small-images one; an image folder's size and fine-tuning's rate are stated beside).</summary>
    private static TrainingPreset Preset => TrainingPreset.SmallImages;

    private readonly CancellationToken _interrupt;

    private TrainCommand(CancellationToken interrupt)
    {
        _interrupt = interrupt;
        _weights.Validators.Add(OptionChecks.ExistingFile);
        _resume.Validators.Add(OptionChecks.ExistingFile);
    }

    /// <param name="interrupt">Stops the run after its current step, with a checkpoint (Ctrl+C).</param>
    public static Command Create(CancellationToken interrupt)
    {
        var train = new TrainCommand(interrupt);
        var command = new Command(
            "train",
            "Train a ShuffleNetV2 on IDX files (Fashion-MNIST, MNIST) or an image folder, from scratch or fine-tuned from --weights, torchvision's recipe scaled to a CPU. "
            + "Progress on stderr (progress bars on a terminal, plain lines otherwise); after every epoch a checkpoint and the metrics; at the end the model in "
            + "PyTorch's format with torchvision's keys (model.pth), in ONNX with its eval transform (model.onnx), and the curves and confusion matrix as PNG. "
            + "Ctrl+C stops after the current step with a checkpoint (exit code 130); --resume continues from it.");
        command.With(train.Options, train.Run);
        return command;
    }

    /// <summary>In the order help lists them.</summary>
    private Option[] Options =>
    [
        _data, _output, _width, _epochs, _batch, _seed, _weights, _resume, _lr, _threads, _format,
        _size, _workers, _optimizer, _weightDecay, _warmup, _labelSmoothing, _randomErase, _ema,
        _freeze, _backboneScale, _skipUnreadable, _valFraction,
    ];

    private static Option<int?> Positive(string name, string helpName, string description) =>
        new(name) { HelpName = helpName, Description = description, CustomParser = ValueParsers.PositiveInt };

    private int Run(ParseResult parsed)
    {
        var options = new TrainingRunOptions
        {
            DataPath = parsed.GetRequiredValue(_data),
            OutputFolder = parsed.GetRequiredValue(_output),
            Epochs = parsed.GetValue(_epochs),
            BatchSize = parsed.GetValue(_batch),
            Seed = parsed.GetValue(_seed) ?? 0,
            ResumeFrom = parsed.GetValue(_resume),
            LearningRate = parsed.GetValue(_lr),
            Size = parsed.GetValue(_size),
            Workers = parsed.GetValue(_workers),
            Optimizer = parsed.GetValue(_optimizer),
            WeightDecay = parsed.GetValue(_weightDecay),
            WarmupEpochs = parsed.GetValue(_warmup),
            LabelSmoothing = parsed.GetValue(_labelSmoothing),
            RandomErasing = parsed.GetValue(_randomErase),
            Ema = parsed.GetValue(_ema),
            FreezeBackboneEpochs = parsed.GetValue(_freeze) ?? 0,
            BackboneLearningRateScale = parsed.GetValue(_backboneScale),
            SkipUnreadableFiles = parsed.GetValue(_skipUnreadable),
            ValidationFraction = parsed.GetValue(_valFraction),
            // A training process: glibc's malloc keeps the freed activations for the next step (process-wide, and fine here).
            TuneGlibcAllocator = true,
        };
        var network = new TrainingNetwork(parsed.GetValue(_width), parsed.GetValue(_weights));
        var threads = parsed.GetValue(_threads);

        var console = parsed.InvocationConfiguration;
        using (TorchThreads.Use(threads))
        {
            return TrainingJob.Run(options, network, parsed.GetValue(_format) ?? OutputFormat.Table, console.Output, console.Error, _interrupt);
        }
    }
}
