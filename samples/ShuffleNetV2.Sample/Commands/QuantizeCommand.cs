using System.Collections.Generic;
using System.CommandLine;
using ShuffleNet.Torch.Classifier;
using ShuffleNet.Torch.Classifier.Reports;
using ShuffleNet.Torch.Onnx.Quantization;

namespace ShuffleNet.Torch.Sample;

/// <summary>quantize: a trained model as an int8 ONNX file, calibrated on images of the train split of a data folder.</summary>
internal static class QuantizeCommand
{
    private const int DefaultCalibrationBatches = 16;
    private const int DefaultBatch = 32;

    private static readonly Dictionary<string, CalibrationMethod> Methods = new()
    {
        ["minmax"] = CalibrationMethod.MinMax, ["percentile"] = CalibrationMethod.Percentile, ["entropy"] = CalibrationMethod.Entropy,
    };

    public static Command Create()
    {
        var weights = Options.Path("--weights", "FILE",
            "The model: a train run's folder, model.pth or any weights file, last.ckpt or best.ckpt; its eval transform and class names come from its model card, as for evaluate --weights",
            OptionChecks.ExistingFileOrFolder, required: true);
        var data = Options.Path("--data", "PATH",
            "The calibration images: the train split of IDX files (train-*) or of an image folder (train/, or what the validation split leaves)", required: true);
        var output = Options.Output("The int8 ONNX file to write (replaced only once it is complete)", required: true);
        var batches = Options.PositiveInt("--calibration-batches", "N", $"Batches of --batch images, drawn at random (seed 0) from the train split [default: {DefaultCalibrationBatches}]");
        var method = Options.Choice("--method", "How each activation's range is chosen from the calibration pass [default: percentile, 99.99%]", Methods);
        var transform = new TransformOptions();
        var batch = Options.PositiveInt("--batch", "N", $"Images per calibration batch [default: {DefaultBatch}]");
        var floatStem = Options.Flag(
            "--float-stem",
            "Keep the first convolution and the max pool in float (ONNX Runtime runs them faster that way on x86: BENCHMARKS.md, the speed levers); "
            + "the file is as large and as accurate");
        var threads = Options.Threads();
        var command = new Command(
            "quantize",
            "Quantize a trained model to an int8 ONNX file (QDQ, opset 13) that ONNX Runtime runs with integer kernels: BatchNorm folded, "
            + "int8 weights per output channel, uint8 activations calibrated on --data's train split with the model's eval transform; "
            + "the file records that transform and the class names, so evaluate --onnx reads it as it reads the float file.");

        // The ONNX file is the output; the line saying what was written goes to the console.
        return command.With([weights, data, output, batches, method, floatStem, .. transform.All, batch, threads], parsed => JobRunner.Run(parsed, parsed.GetValue(threads), outputPath: null, _ =>
        {
            var overrides = transform.Read(parsed);
            using var classifier = Models.Open(ModelReference.Parse(parsed.GetRequiredValue(weights)), new ClassifierLoadOptions { Overrides = overrides }, "--weights", TransformOptions.Names, output: parsed.GetRequiredValue(output));
            Models.RequireTransform(classifier, overrides);
            var quantization = new OnnxQuantizationOptions
            {
                Method = parsed.GetValue(method) ?? OnnxQuantizationOptions.Default.Method, MaxCalibrationBatches = parsed.GetValue(batches) ?? DefaultCalibrationBatches,
                FloatLayers = parsed.GetValue(floatStem) ? [OnnxQuantizationOptions.StemConvolution] : [],
            };
            var outputPath = parsed.GetRequiredValue(output);
            return Models.Data(() => QuantizationReport.Create(classifier, outputPath, parsed.GetRequiredValue(data), quantization, parsed.GetValue(batch) ?? DefaultBatch), outputPath).ToText();
        }));
    }
}
