using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Parsing;
using ShuffleNet.Torch.Classifier;
using ShuffleNet.Torch.Classifier.Reports;
using TorchSharp;

namespace ShuffleNet.Torch.Sample;

/// <summary>
/// Makes options: one line per option in the commands. The options that several commands take are declared here once
/// (name, value parser, checks, help); every call makes a new option, so that each command owns its own.
/// </summary>
internal static class Options
{
    public static readonly Dictionary<string, ReportFormat> AllFormats = new()
    {
        ["table"] = ReportFormat.Text, ["markdown"] = ReportFormat.Markdown, ["csv"] = ReportFormat.Csv, ["json"] = ReportFormat.Json,
    };

    public static readonly Dictionary<string, ReportFormat> TableOrJson = new() { ["table"] = ReportFormat.Text, ["json"] = ReportFormat.Json };

    public static Option<T?> Of<T>(string name, string helpName, string description, Func<ArgumentResult, T?> parser)
        where T : struct => new(name) { HelpName = helpName, Description = description, CustomParser = parser };

    public static Option<int?> PositiveInt(string name, string helpName, string description) => Of(name, helpName, description, ValueParsers.PositiveInt);

    public static Option<int?> NonNegativeInt(string name, string helpName, string description) => Of(name, helpName, description, ValueParsers.NonNegativeInt);

    public static Option<T?> Choice<T>(string name, string description, IReadOnlyDictionary<string, T> choices)
        where T : struct => Of(name, string.Join("|", choices.Keys), description, result => ValueParsers.Choice(result, choices));

    /// <summary>A path; <paramref name="check"/> validates it as it is parsed.</summary>
    public static Option<string> Path(string name, string helpName, string description, Action<OptionResult>? check = null, bool required = false)
    {
        var option = new Option<string>(name) { HelpName = helpName, Description = description, Required = required };
        if (check is not null)
        {
            option.Validators.Add(check);
        }

        return option;
    }

    public static Option<bool> Flag(string name, string description) => new(name) { Description = description };

    public static Option<ShuffleNetV2Width?> Width(string description = "Network width [default: 1.0, the reference model's; with --weights: the file's]") =>
        Of("--width", "0.5|1.0|1.5|2.0", description, ValueParsers.Width);

    public static Option<int?> Classes(string description = "Output classes [default: 1000; with --weights: the file's]") => PositiveInt("--classes", "N", description);

    public static Option<ImageSize?> Size(string description = "Input height and width in pixels, e.g. 224 or 224x160 [default: 224]") =>
        Of("--size", "H[xW]", description, ValueParsers.Size);

    public static Option<string> Weights() => Path("--weights", "PATH",
        "The model: a train run's folder, or a weights file (PyTorch .pth zip or legacy, safetensors, TorchSharp) or a training checkpoint; "
        + "the file gives the architecture and class count, its model card (model.json) the input size and class names", OptionChecks.ExistingFileOrFolder);

    public static Option<DeviceType?> Device() =>
        Of("--device", "cpu|cuda", "Where the model runs [default: cpu]", result => OptionChecks.AvailableDevice(result, ValueParsers.Choice(result, Devices)));

    public static Option<int?> Threads(string description = "CPU threads of TorchSharp and ONNX Runtime [default: their own, one per core]") => PositiveInt("--threads", "N", description);

    public static Option<ClassifierEngine?> Engine() => Choice("--engine",
        "Run the model with TorchSharp, or exported in memory to ONNX and run with ONNX Runtime (CPU) [default: torchsharp]", Engines);

    public static Option<ReportFormat?> Format(string description = "Output format [default: table]", Dictionary<string, ReportFormat>? formats = null) =>
        Choice("--format", description, formats ?? AllFormats);

    /// <summary>A file to write: it may not be a directory, and its directory must exist.</summary>
    public static Option<string> Output(string description = "Write the output to FILE instead of the console", bool required = false) =>
        Path("--output", "FILE", description, OptionChecks.NewFile, required);

    private static readonly Dictionary<string, DeviceType> Devices = new() { ["cpu"] = DeviceType.CPU, ["cuda"] = DeviceType.CUDA };

    private static readonly Dictionary<string, ClassifierEngine> Engines = new() { ["torchsharp"] = ClassifierEngine.TorchSharp, ["onnx"] = ClassifierEngine.OnnxRuntime };
}
