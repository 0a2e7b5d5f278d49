using System.Collections.Generic;
using System.CommandLine;

namespace ShuffleNet.Torch.Sample;

/// <summary>evaluate: a trained model's top-1, top-5 and per-class accuracy on the test split of a data folder.</summary>
internal sealed class EvaluateCommand
{
    private static readonly Dictionary<string, OutputFormat> Formats = new() { ["table"] = OutputFormat.Table, ["json"] = OutputFormat.Json };

    private readonly Option<string> _weights = new("--weights")
    {
        HelpName = "FILE",
        Description = "The model: a train run's folder, or a file the library reads (model.pth or any weights file, last.ckpt or best.ckpt, an ONNX file); "
            + "its eval transform and class names come from its model card (the run's model.json, NAME.json beside NAME.pth, inside a checkpoint or in the ONNX metadata)",
    };

    private readonly Option<string> _onnx = new("--onnx")
    {
        HelpName = "FILE",
        Description = "The model as an ONNX file, run with ONNX Runtime; its eval transform comes from the file's metadata",
    };

    private readonly Option<string> _data = new("--data")
    {
        HelpName = "PATH",
        Description = "The data: IDX files (the t10k-* test files are evaluated) or an image folder (val/, or the validation split by --val-fraction and --seed)",
        Required = true,
    };

    private readonly TransformOptions _transform = new();

    private readonly Option<int?> _batch = new("--batch")
    {
        HelpName = "N",
        Description = $"Images per forward pass [default: {EvaluationDefaults.BatchSize}]",
        CustomParser = ValueParsers.PositiveInt,
    };

    private readonly Option<int?> _workers = new("--workers")
    {
        HelpName = "N",
        Description = $"Background threads that decode and transform images; 0 for none [default: {EvaluationDefaults.Workers}]",
        CustomParser = ValueParsers.NonNegativeInt,
    };

    private readonly Option<double?> _valFraction = new("--val-fraction")
    {
        HelpName = "X",
        Description = "Image folders without train/ and val/: the held-out fraction of each class [default: the train run's, recorded in model.json, else 0.2]",
        CustomParser = ValueParsers.OpenFraction,
    };

    private readonly Option<int?> _seed = new("--seed")
    {
        HelpName = "S",
        Description = "Image folders without train/ and val/: the split's seed [default: the train run's, recorded in model.json, else 0]",
        CustomParser = ValueParsers.NonNegativeInt,
    };

    private readonly Option<int?> _threads = SharedOptions.Threads();

    private readonly Option<OutputFormat?> _format = new("--format")
    {
        HelpName = "table|json",
        Description = "A table, or one JSON object with top1, top5 (percent), count and per_class [default: table]",
        CustomParser = result => ValueParsers.Choice(result, Formats),
    };

    private EvaluateCommand()
    {
        _weights.Validators.Add(OptionChecks.ExistingFileOrFolder);
        _onnx.Validators.Add(OptionChecks.ExistingFile);
    }

    public static Command Create()
    {
        var evaluate = new EvaluateCommand();
        var command = new Command(
            "evaluate",
            "A trained model's top-1, top-5 and per-class accuracy on the test split of --data, with the eval transform recorded with the model "
            + "(options given here replace the recorded values). Give --weights or --onnx.");
        command.With(evaluate.Options, evaluate.Run);
        command.Validators.Add(result =>
        {
            var weights = result.GetResult(evaluate._weights) is { Implicit: false };
            var onnx = result.GetResult(evaluate._onnx) is { Implicit: false };
            if (weights == onnx)
            {
                result.AddError(weights ? "Give --weights or --onnx, not both." : "Give the model to evaluate: --weights FILE or --onnx FILE.");
            }
        });
        return command;
    }

    /// <summary>In the order help lists them.</summary>
    private Option[] Options => [_weights, _onnx, _data, .. _transform.All, _batch, _workers, _valFraction, _seed, _threads, _format];

    private int Run(ParseResult parsed)
    {
        var settings = new EvaluationSettings
        {
            WeightsPath = parsed.GetValue(_weights),
            OnnxPath = parsed.GetValue(_onnx),
            DataPath = parsed.GetRequiredValue(_data),
            Transform = _transform.Read(parsed),
            Batch = parsed.GetValue(_batch) ?? EvaluationDefaults.BatchSize,
            Workers = parsed.GetValue(_workers) ?? EvaluationDefaults.Workers,
            ValidationFraction = parsed.GetValue(_valFraction),
            Seed = parsed.GetValue(_seed),
            Threads = parsed.GetValue(_threads),
            Format = parsed.GetValue(_format) ?? OutputFormat.Table,
        };
        return JobRunner.Run(parsed, settings.Threads, outputPath: null, stderr => EvaluationJob.Run(settings, stderr));
    }
}
