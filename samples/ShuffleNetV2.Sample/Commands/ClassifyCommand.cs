using System;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.IO;
using ShuffleNet.Torch.Pretrained;
using TorchCheckpoints.Hub;

namespace ShuffleNet.Torch.Sample;

/// <summary>classify: the model's most probable classes for one image, with TorchSharp or ONNX Runtime.</summary>
internal sealed class ClassifyCommand
{
    private readonly Option<string> _image = new("--image")
    {
        HelpName = "FILE",
        Description = "The image to classify (PNG, JPEG...), resized, centre-cropped and normalised as the weights were evaluated (see --resize, --crop)",
        Required = true,
    };

    private readonly Option<string> _weights = new("--weights")
    {
        HelpName = "PATH|URL",
        Description = "The model: a train run's folder, a weights file (PyTorch .pth zip or legacy, safetensors, TorchSharp), a training checkpoint or an ONNX file, "
            + "or weights downloaded from an http(s) URL into torch.hub's cache (checked against the SHA-256 prefix of a name-<hex>.ext file name). "
            + "Its model card (the run's model.json, NAME.json beside NAME.pth, inside a checkpoint or the ONNX metadata) brings the transform and class names; "
            + "so does a file that is one of torchvision's (by name or SHA-256)",
    };

    private readonly Option<ShuffleNetV2Width?> _pretrained = new("--pretrained")
    {
        HelpName = "0.5|1.0|1.5|2.0",
        Description = "torchvision's ImageNet weights of this width (see the weights command), downloaded into torch.hub's cache on first use; "
            + "their transform (resize 256, or 232 for 1.5 and 2.0) and ImageNet's class names",
        CustomParser = ValueParsers.Width,
    };

    private readonly Option<bool> _noVerify = new("--no-verify")
    {
        Description = "Download and use the file without checking its SHA-256 (with --pretrained or --weights URL)",
    };

    private readonly Option<string> _cacheDir = new("--cache-dir")
    {
        HelpName = "DIR",
        Description = "Download into DIR [default: torch.hub's: $TORCH_HOME/hub/checkpoints, else ~/.cache/torch/hub/checkpoints]",
    };

    private readonly Option<int?> _timeout = new("--timeout")
    {
        HelpName = "SECONDS",
        Description = $"Give up a download when the server sends nothing for this long [default: {CheckpointDownloadOptions.DefaultTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)}]",
        CustomParser = ValueParsers.PositiveInt,
    };

    private readonly Option<ShuffleNetV2Width?> _width = SharedOptions.Width();
    private readonly Option<int?> _classes = SharedOptions.Classes();

    private readonly Option<string> _labels = new("--labels")
    {
        HelpName = "FILE",
        Description = "Class names, one per line in class order [default: the model card's, or the categories of torchvision's weights; else none: 'class N']",
    };

    private readonly Option<int?> _resize = new("--resize")
    {
        HelpName = "N",
        Description = "Resize the image's shorter side to N pixels [default: the model card's transform: 232 for torchvision's 1.5x and 2.0x; 256 without a card]",
        CustomParser = ValueParsers.PositiveInt,
    };

    private readonly Option<int?> _crop = new("--crop")
    {
        HelpName = "N",
        Description = "Cut out the centre N x N pixels, at most the resize [default: the model card's crop; 224 without a card]",
        CustomParser = ValueParsers.PositiveInt,
    };

    private readonly Option<int?> _top = new("--top")
    {
        HelpName = "K",
        Description = $"How many classes to print [default: {ClassificationSettings.DefaultTop}, or the class count if smaller]",
        CustomParser = ValueParsers.PositiveInt,
    };

    private readonly Option<InferenceEngine?> _engine = SharedOptions.Engine();
    private readonly Option<ComputeDevice?> _device = SharedOptions.Device();
    private readonly Option<int?> _threads = SharedOptions.Threads();
    private readonly Option<OutputFormat?> _format = SharedOptions.Format();
    private readonly Option<string> _output = SharedOptions.Output();

    private ClassifyCommand()
    {
        _image.Validators.Add(OptionChecks.ExistingFile);
        _weights.Validators.Add(FileOrUrl);
        _labels.Validators.Add(OptionChecks.ExistingFile);
        _cacheDir.Validators.Add(NotAFile);
    }

    public static Command Create()
    {
        var classify = new ClassifyCommand();
        var command = new Command(
            "classify",
            "The model's most probable classes for one image, with their probabilities. With torchvision's weights (--pretrained, or a file or URL "
            + "that is one of them) the image is prepared as torchvision evaluates them and the classes have ImageNet's names; other weights use "
            + "resize 256 and crop 224 and have no names unless --labels gives them ('class N' in text, null in JSON, empty in CSV). "
            + "Without weights they are random, and so are the classes.");
        command.With(classify.Options, classify.Run);
        return command;
    }

    /// <summary>In the order help lists them.</summary>
    private Option[] Options =>
        [_image, _weights, _pretrained, _noVerify, _cacheDir, _timeout, _width, _classes, _labels, _resize, _crop, _top, _engine, _device, _threads, _format, _output];

    private int Run(ParseResult parsed)
    {
        CheckOptionsGoTogether(parsed);
        var threads = parsed.GetValue(_threads);
        var pretrained = parsed.GetValue(_pretrained) is { } width ? ShuffleNetV2Weights.Default(width) : null;
        var timeout = parsed.GetValue(_timeout) is { } seconds ? TimeSpan.FromSeconds(seconds) : CheckpointDownloadOptions.DefaultTimeout;
        var settings = new ClassificationSettings(
            new ModelChoice(parsed.GetValue(_width), parsed.GetValue(_classes), WeightsPath: null, parsed.GetValue(_device) ?? ComputeDevice.Cpu),
            WeightsSource.Of(parsed.GetValue(_weights), pretrained),
            new DownloadSettings(!parsed.GetValue(_noVerify), parsed.GetValue(_cacheDir), timeout),
            parsed.GetRequiredValue(_image),
            parsed.GetValue(_resize),
            parsed.GetValue(_crop),
            parsed.GetValue(_labels),
            parsed.GetValue(_top),
            parsed.GetValue(_engine) ?? InferenceEngine.TorchSharp,
            threads,
            parsed.GetValue(_format) ?? OutputFormat.Table);
        OptionChecks.OnnxRunsOnCpu(settings.Engine, settings.Model.Device);
        return JobRunner.Run(parsed, threads, parsed.GetValue(_output), stderr => ImageClassification.Run(settings, stderr));
    }

    /// <summary>A file that exists, or an http(s) URL whose path ends in a file name (torch.hub caches it under that name).</summary>
    private static void FileOrUrl(OptionResult result)
    {
        var text = result.GetValueOrDefault<string>();
        if (WeightsSource.AsUrl(text) is not { } url)
        {
            OptionChecks.ExistingFileOrFolder(result);
            return;
        }

        try
        {
            TorchHub.CachedPath(url);
        }
        catch (ArgumentException e)
        {
            result.AddError($"{result.Option.Name}: {e.Message.Split(" (Parameter", 2)[0]}");
        }
    }

    private static void NotAFile(OptionResult result)
    {
        var path = result.GetValueOrDefault<string>();
        if (File.Exists(path))
        {
            result.AddError($"{result.Option.Name}: '{path}' is a file, not a directory.");
        }
    }

    /// <summary>Mistakes of option pairs that need no file or download to see; checked once every option has parsed.</summary>
    /// <exception cref="UsageException">Options that do not go together.</exception>
    private void CheckOptionsGoTogether(ParseResult parsed)
    {
        var weights = parsed.GetValue(_weights);
        var pretrained = parsed.GetResult(_pretrained) is not null;
        if (pretrained && weights is not null)
        {
            throw new UsageException("--pretrained and --weights both choose the weights: give one of them.");
        }

        var downloads = pretrained || (weights is not null && WeightsSource.AsUrl(weights) is not null);
        if (!downloads && Given(parsed, _noVerify, _cacheDir, _timeout) is { } downloadOption)
        {
            throw new UsageException($"{downloadOption} applies to downloads: use it with --pretrained or --weights URL.");
        }

        if (parsed.GetValue(_resize) is { } resize && parsed.GetValue(_crop) is { } crop && resize < crop)
        {
            throw new UsageException($"--resize {resize} is smaller than --crop {crop}: the centre crop must fit inside the resized image.");
        }
    }

    private static string? Given(ParseResult parsed, params Option[] options)
    {
        foreach (var option in options)
        {
            if (parsed.GetResult(option) is { Implicit: false })
            {
                return option.Name;
            }
        }

        return null;
    }
}
