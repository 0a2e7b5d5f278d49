using System.Collections.Generic;
using System.CommandLine;

namespace ShuffleNet.Torch.Sample;

/// <summary>
/// The options that several commands take, each declared once: name, value parser, checks and help text. Every call
/// makes a new option, so that each command owns its own and can word the help where the meaning differs.
/// </summary>
internal static class SharedOptions
{
    private const string ModelClasses = "Output classes [default: 1000; with --weights: the file's]";
    private const string InputPixels = "Input height and width in pixels, e.g. 224 or 224x160 [default: 224]";
    private const string TorchAndOnnxThreads = "CPU threads of TorchSharp and ONNX Runtime [default: their own, one per core]";
    private const string ConsoleOrFile = "Write the output to FILE instead of the console";

    private static readonly Dictionary<string, ComputeDevice> Devices = new() { ["cpu"] = ComputeDevice.Cpu, ["cuda"] = ComputeDevice.Cuda };

    private static readonly Dictionary<string, OutputFormat> Formats = new()
    {
        ["table"] = OutputFormat.Table,
        ["markdown"] = OutputFormat.Markdown,
        ["csv"] = OutputFormat.Csv,
        ["json"] = OutputFormat.Json,
    };

    private static readonly Dictionary<string, InferenceEngine> Engines = new() { ["torchsharp"] = InferenceEngine.TorchSharp, ["onnx"] = InferenceEngine.Onnx };

    public static Option<ShuffleNetV2Width?> Width() => new("--width")
    {
        HelpName = "0.5|1.0|1.5|2.0",
        Description = "Network width [default: 1.0, the reference model's; with --weights: the file's]",
        CustomParser = ValueParsers.Width,
    };

    public static Option<int?> Classes(string description = ModelClasses) => new("--classes")
    {
        HelpName = "N",
        Description = description,
        CustomParser = ValueParsers.PositiveInt,
    };

    public static Option<InputSize?> Size(string description = InputPixels) => new("--size")
    {
        HelpName = "H[xW]",
        Description = description,
        CustomParser = ValueParsers.Size,
    };

    public static Option<string> Weights()
    {
        var option = new Option<string>("--weights")
        {
            HelpName = "PATH",
            Description = "The model: a train run's folder, or a weights file (PyTorch .pth zip or legacy, safetensors, TorchSharp) or a training checkpoint; "
                + "the file gives the architecture and class count, its model card (model.json) the input size and class names",
        };
        option.Validators.Add(OptionChecks.ExistingFileOrFolder);
        return option;
    }

    public static Option<ComputeDevice?> Device() => new("--device")
    {
        HelpName = "cpu|cuda",
        Description = "Where the model runs [default: cpu]",
        CustomParser = result => OptionChecks.AvailableDevice(result, ValueParsers.Choice(result, Devices)),
    };

    public static Option<int?> Threads(string description = TorchAndOnnxThreads) => new("--threads")
    {
        HelpName = "N",
        Description = description,
        CustomParser = ValueParsers.PositiveInt,
    };

    public static Option<InferenceEngine?> Engine() => new("--engine")
    {
        HelpName = "torchsharp|onnx",
        Description = "Run the model with TorchSharp, or exported in memory to ONNX and run with ONNX Runtime (CPU) [default: torchsharp]",
        CustomParser = result => ValueParsers.Choice(result, Engines),
    };

    public static Option<OutputFormat?> Format() => new("--format")
    {
        HelpName = "table|markdown|csv|json",
        Description = "Output format [default: table]",
        CustomParser = result => ValueParsers.Choice(result, Formats),
    };

    /// <summary>A file to write: it may not be a directory, and its directory must exist.</summary>
    public static Option<string> Output(string description = ConsoleOrFile, bool required = false)
    {
        var option = new Option<string>("--output") { HelpName = "FILE", Description = description, Required = required };
        option.Validators.Add(OptionChecks.NewFile);
        return option;
    }
}
