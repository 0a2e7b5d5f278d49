using System.Collections.Generic;
using System.CommandLine;
using ShuffleNet.Torch.Onnx.Quantization;

namespace ShuffleNet.Torch.Sample;

/// <summary>quantize: a trained model as an int8 ONNX file, calibrated on images of the train split of a data folder.</summary>
internal sealed class QuantizeCommand
{
    private static readonly Dictionary<string, CalibrationMethod> Methods = new()
    {
        ["minmax"] = CalibrationMethod.MinMax,
        ["percentile"] = CalibrationMethod.Percentile,
        ["entropy"] = CalibrationMethod.Entropy,
    };

    private readonly Option<string> _weights = new("--weights")
    {
        HelpName = "FILE",
        Description = "The model: a train run's folder, model.pth or any weights file, last.ckpt or best.ckpt; "
            + "its eval transform and class names come from its model card, as for evaluate --weights",
        Required = true,
    };

    private readonly Option<string> _data = new("--data")
    {
        HelpName = "PATH",
        Description = "The calibration images: the train split of IDX files (train-*) or of an image folder (train/, or what the validation split leaves)",
        Required = true,
    };

    private readonly Option<string> _output = SharedOptions.Output("The int8 ONNX file to write (replaced only once it is complete)", required: true);

    private readonly Option<int?> _batches = new("--calibration-batches")
    {
        HelpName = "N",
        Description = $"Batches of --batch images, drawn at random (seed 0) from the train split [default: {QuantizationJob.DefaultCalibrationBatches}]",
        CustomParser = ValueParsers.PositiveInt,
    };

    private readonly Option<CalibrationMethod?> _method = new("--method")
    {
        HelpName = "minmax|percentile|entropy",
        Description = "How each activation's range is chosen from the calibration pass [default: percentile, 99.99%]",
        CustomParser = result => ValueParsers.Choice(result, Methods),
    };

    private readonly TransformOptions _transform = new();

    private readonly Option<int?> _batch = new("--batch")
    {
        HelpName = "N",
        Description = $"Images per calibration batch [default: {QuantizationJob.DefaultBatch}]",
        CustomParser = ValueParsers.PositiveInt,
    };

    private readonly Option<int?> _threads = SharedOptions.Threads();

    private QuantizeCommand()
    {
        _weights.Validators.Add(OptionChecks.ExistingFileOrFolder);
    }

    public static Command Create()
    {
        var quantize = new QuantizeCommand();
        var command = new Command(
            "quantize",
            "Quantize a trained model to an int8 ONNX file (QDQ, opset 13) that ONNX Runtime runs with integer kernels: BatchNorm folded, "
            + "int8 weights per output channel, uint8 activations calibrated on --data's train split with the model's eval transform; "
            + "the file records that transform and the class names, so evaluate --onnx reads it as it reads the float file.");
        command.With(quantize.Options, quantize.Run);
        return command;
    }

    /// <summary>In the order help lists them.</summary>
    private Option[] Options => [_weights, _data, _output, _batches, _method, .. _transform.All, _batch, _threads];

    private int Run(ParseResult parsed)
    {
        var settings = new QuantizationSettings
        {
            WeightsPath = parsed.GetRequiredValue(_weights),
            DataPath = parsed.GetRequiredValue(_data),
            OutputPath = parsed.GetRequiredValue(_output),
            CalibrationBatches = parsed.GetValue(_batches) ?? QuantizationJob.DefaultCalibrationBatches,
            Method = parsed.GetValue(_method) ?? OnnxQuantizationOptions.Default.Method,
            Transform = _transform.Read(parsed),
            Batch = parsed.GetValue(_batch) ?? QuantizationJob.DefaultBatch,
            Threads = parsed.GetValue(_threads),
        };

        // The ONNX file is the output; the line saying what was written goes to the console.
        return JobRunner.Run(parsed, settings.Threads, outputPath: null, stderr => QuantizationJob.Run(settings, stderr));
    }
}
