using System.CommandLine;

namespace ShuffleNet.Torch.Sample;

/// <summary>export-onnx: the model as an ONNX file, built on the CPU.</summary>
internal sealed class ExportOnnxCommand
{
    private readonly Option<string> _output = SharedOptions.Output("The ONNX file to write", required: true);
    private readonly Option<string> _weights = SharedOptions.Weights();
    private readonly Option<ShuffleNetV2Width?> _width = SharedOptions.Width();
    private readonly Option<int?> _classes = SharedOptions.Classes();
    private readonly Option<InputSize?> _size = SharedOptions.Size("Fix the file's input height and width in pixels, e.g. 224 or 224x160 [default: any size]");

    private ExportOnnxCommand()
    {
    }

    public static Command Create()
    {
        var export = new ExportOnnxCommand();
        var command = new Command("export-onnx", "Export the model to an ONNX file: opset 13, BatchNorm folded into the convolutions, dynamic batch");
        command.With(export.Options, export.Run);
        return command;
    }

    /// <summary>In the order help lists them.</summary>
    private Option[] Options => [_output, _weights, _width, _classes, _size];

    private int Run(ParseResult parsed)
    {
        var settings = new OnnxExportSettings(
            new ModelChoice(parsed.GetValue(_width), parsed.GetValue(_classes), parsed.GetValue(_weights), ComputeDevice.Cpu),
            parsed.GetValue(_size),
            parsed.GetRequiredValue(_output));

        // The ONNX file is the output; the line saying what was written goes to the console.
        return JobRunner.Run(parsed, threads: null, outputPath: null, _ => OnnxExportJob.Run(settings));
    }
}
