using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using ShuffleNet.Torch.Classifier;
using ShuffleNet.Torch.Classifier.Reports;
using ShuffleNet.Torch.Pretrained;
using TorchCheckpoints.Hub;

namespace ShuffleNet.Torch.Sample;

/// <summary>classify: the model's most probable classes for one image, with TorchSharp or ONNX Runtime.</summary>
internal static class ClassifyCommand
{
    /// <summary>The library's names for the transform's parts, as the options that set them.</summary>
    private static readonly (string Property, string Option)[] Names = [("Resize", "--resize"), ("Crop", "--crop")];

    public static Command Create()
    {
        var image = Options.Path("--image", "FILE",
            "The image to classify (PNG, JPEG...), resized, centre-cropped and normalised as the weights were evaluated (see --resize, --crop)", OptionChecks.ExistingFile, required: true);
        var weights = Options.Path("--weights", "PATH|URL",
            "The model: a train run's folder, a weights file (PyTorch .pth zip or legacy, safetensors, TorchSharp), a training checkpoint or an ONNX file, "
            + "or weights downloaded from an http(s) URL into torch.hub's cache (checked against the SHA-256 prefix of a name-<hex>.ext file name). "
            + "Its model card (the run's model.json, NAME.json beside NAME.pth, inside a checkpoint or the ONNX metadata) brings the transform and class names; "
            + "so does a file that is one of torchvision's (by name or SHA-256)", OptionChecks.ExistingFileOrUrl);
        var pretrained = Options.Of("--pretrained", "0.5|1.0|1.5|2.0",
            "torchvision's ImageNet weights of this width (see the weights command), downloaded into torch.hub's cache on first use; "
            + "their transform (resize 256, or 232 for 1.5 and 2.0) and ImageNet's class names", ValueParsers.Width);
        var noVerify = Options.Flag("--no-verify", "Download and use the file without checking its SHA-256 (with --pretrained or --weights URL)");
        var cacheDir = Options.Path("--cache-dir", "DIR",
            "Download into DIR [default: torch.hub's: $TORCH_HOME/hub/checkpoints, else ~/.cache/torch/hub/checkpoints]", OptionChecks.NotAFile);
        var timeout = Options.PositiveInt("--timeout", "SECONDS",
            $"Give up a download when the server sends nothing for this long [default: {CheckpointDownloadOptions.DefaultTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)}]");
        var width = Options.Width();
        var classes = Options.Classes();
        var labels = Options.Path("--labels", "FILE",
            "Class names, one per line in class order [default: the model card's, or the categories of torchvision's weights; else none: 'class N']", OptionChecks.ExistingFile);
        var resize = Options.PositiveInt("--resize", "N",
            "Resize the image's shorter side to N pixels [default: the model card's transform: 232 for torchvision's 1.5x and 2.0x; 256 without a card]");
        var crop = Options.PositiveInt("--crop", "N", "Cut out the centre N x N pixels, at most the resize [default: the model card's crop; 224 without a card]");
        var top = Options.PositiveInt("--top", "K", "How many classes to print [default: 5, or the class count if smaller]");
        var engine = Options.Engine();
        var device = Options.Device();
        var threads = Options.Threads();
        var format = Options.Format();
        var output = Options.Output();
        var command = new Command(
            "classify",
            "The model's most probable classes for one image, with their probabilities. With torchvision's weights (--pretrained, or a file or URL "
            + "that is one of them) the image is prepared as torchvision evaluates them and the classes have ImageNet's names; other weights use "
            + "resize 256 and crop 224 and have no names unless --labels gives them ('class N' in text, null in JSON, empty in CSV). "
            + "Without weights they are random, and so are the classes.");

        return command.With(
            [image, weights, pretrained, noVerify, cacheDir, timeout, width, classes, labels, resize, crop, top, engine, device, threads, format, output],
            parsed =>
            {
                // 1. Where the model is, and how it is downloaded and loaded: mistakes that need no file are found first.
                var reference = parsed.GetValue(pretrained) is { } w ? ModelReference.FromRegistry(ShuffleNetV2Weights.Default(w))
                    : parsed.GetValue(weights) is { } text ? ModelReference.Parse(text)
                    : ModelReference.Untrained;
                if (parsed.GetResult(pretrained) is not null && parsed.GetValue(weights) is not null)
                {
                    throw new UsageException("--pretrained and --weights both choose the weights: give one of them.");
                }

                if (reference.DownloadUrl is null && new Option[] { noVerify, cacheDir, timeout }.FirstOrDefault(o => parsed.GetResult(o) is { Implicit: false }) is { } given)
                {
                    throw new UsageException($"{given.Name} applies to downloads: use it with --pretrained or --weights URL.");
                }

                var onnx = parsed.GetValue(engine) == ClassifierEngine.OnnxRuntime;
                if (onnx && parsed.GetValue(device) == TorchSharp.DeviceType.CUDA)
                {
                    throw new UsageException("--engine onnx runs on the CPU; leave out --device cuda.");
                }

                var options = new ClassifierLoadOptions
                {
                    Width = parsed.GetValue(width),
                    NumClasses = parsed.GetValue(classes),
                    Overrides = new TransformOverrides { Resize = parsed.GetValue(resize), Crop = parsed.GetValue(crop) is { } c ? ImageSize.Square(c) : null },
                    Classes = parsed.GetValue(labels) is { } path ? File.ReadAllLines(path) : null,
                    Engine = onnx ? ClassifierEngine.OnnxRuntime : null,
                    Device = OptionChecks.ToTorch(parsed.GetValue(device)),
                    OnnxThreads = parsed.GetValue(threads) ?? 0,
                };
                var download = new CheckpointDownloadOptions
                {
                    VerifyHash = !parsed.GetValue(noVerify),
                    CacheDirectory = parsed.GetValue(cacheDir),
                    Timeout = parsed.GetValue(timeout) is { } seconds ? TimeSpan.FromSeconds(seconds) : CheckpointDownloadOptions.DefaultTimeout,
                };
                try
                {
                    reference.CheckOptions(options);
                }
                catch (ArgumentException e)
                {
                    throw new UsageException(OptionNames.Translate(ExitCodes.WithoutParameter(e), Names));
                }

                return JobRunner.Run(parsed, parsed.GetValue(threads), parsed.GetValue(output), stderr =>
                {
                    // 2. The download (with a progress display), then the model and its card.
                    if (reference.DownloadUrl is { } url)
                    {
                        DownloadDisplay.Show(url, reference.CachePath(download)!, stderr, progress => reference.Fetch(download with { Progress = progress })!);
                    }

                    using var classifier = Open(reference, options, download, parsed.GetValue(labels), parsed.GetValue(output));
                    if (parsed.GetValue(top) is { } k && k > classifier.ClassCount)
                    {
                        throw new UsageException($"--top {k} is more than the model's {classifier.ClassCount} classes.");
                    }

                    // 3. The classes.
                    var report = ClassificationReport.Create(classifier, parsed.GetRequiredValue(image), parsed.GetValue(top));
                    if (reference.IsUntrained)
                    {
                        stderr.WriteLine("warning: no --weights or --pretrained: the model's weights are random, and so are these classes.");
                    }

                    foreach (var notice in classifier.Notices)
                    {
                        stderr.WriteLine($"warning: {notice}");
                    }

                    var overridden = report.Overridden is { } o ? OptionNames.Translate(o, Names) : null;
                    return (report with { Overridden = overridden }).Format(parsed.GetValue(format) ?? ReportFormat.Text);
                });
            });
    }

    private static ShuffleNetV2Classifier Open(ModelReference reference, ClassifierLoadOptions options, CheckpointDownloadOptions download, string? labels, string? output)
    {
        try
        {
            return Models.Open(reference, options, "--weights", Names, download, output);
        }
        catch (ArgumentException e) when (labels is not null && e.ParamName == "classes")
        {
            throw new UsageException($"--labels '{Path.GetFullPath(labels)}': {ExitCodes.WithoutParameter(e)}");
        }
    }
}
