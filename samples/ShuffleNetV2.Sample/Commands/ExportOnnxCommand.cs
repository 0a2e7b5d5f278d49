using System;
using System.CommandLine;
using ShuffleNet.Torch.Classifier;
using ShuffleNet.Torch.Classifier.Reports;

namespace ShuffleNet.Torch.Sample;

/// <summary>export-onnx: the model as an ONNX file, built on the CPU, with its model card in the metadata.</summary>
internal static class ExportOnnxCommand
{
    public static Command Create()
    {
        var output = Options.Output("The ONNX file to write", required: true);
        var weights = Options.Weights();
        var width = Options.Width();
        var classes = Options.Classes();
        var size = Options.Size("Fix the file's input height and width in pixels, e.g. 224 or 224x160 [default: any size]");
        var command = new Command("export-onnx", "Export the model to an ONNX file: opset 13, BatchNorm folded into the convolutions, dynamic batch");

        // The ONNX file is the output; the line saying what was written goes to the console.
        return command.With([output, weights, width, classes, size], parsed => JobRunner.Run(parsed, threads: null, outputPath: null, _ =>
        {
            var reference = parsed.GetValue(weights) is { } path ? ModelReference.Parse(path) : ModelReference.Untrained;
            var options = new ClassifierLoadOptions { Width = parsed.GetValue(width), NumClasses = parsed.GetValue(classes), Engine = ClassifierEngine.TorchSharp };
            using var classifier = Models.Open(reference, options, "--weights", output: parsed.GetRequiredValue(output));
            try
            {
                return OnnxExportReport.Create(classifier, parsed.GetRequiredValue(output), parsed.GetValue(size)).ToText();
            }
            catch (ArgumentException e)
            {
                throw new UsageException($"--size: {ExitCodes.WithoutParameter(e)}");
            }
        }));
    }
}
