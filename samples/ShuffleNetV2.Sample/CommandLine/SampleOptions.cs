using System.Collections.Generic;
using System.CommandLine;

namespace ShuffleNet.Torch.Sample;

/// <summary>The sample's options: names, help texts and value parsers. <see cref="OptionRules"/> adds the checks between them.</summary>
internal sealed class SampleOptions
{
    private static readonly Dictionary<string, ComputeDevice> Devices = new() { ["cpu"] = ComputeDevice.Cpu, ["cuda"] = ComputeDevice.Cuda };

    private static readonly Dictionary<string, OutputFormat> Formats = new()
    {
        ["table"] = OutputFormat.Table,
        ["markdown"] = OutputFormat.Markdown,
        ["csv"] = OutputFormat.Csv,
        ["json"] = OutputFormat.Json,
    };

    private static readonly Dictionary<string, InferenceEngine> Engines = new() { ["torchsharp"] = InferenceEngine.TorchSharp, ["onnx"] = InferenceEngine.Onnx };

    public Option<ShuffleNetV2Width?> Width { get; } = new("--width")
    {
        HelpName = "0.5|1.0|1.5|2.0",
        Description = "Network width [default: 1.0, the seed's; with --weights: the file's]",
        CustomParser = ValueParsers.Width,
    };

    public Option<int?> Classes { get; } = new("--classes")
    {
        HelpName = "N",
        Description = "Output classes [default: 1000; with --weights: the file's]",
        CustomParser = ValueParsers.PositiveInt,
    };

    public Option<int?> Batch { get; } = new("--batch")
    {
        HelpName = "N",
        Description = "Batch size of the forward pass and of the statistics [default: 4 for the forward pass and 1 for the statistics, as the seed and torchstat]",
        CustomParser = ValueParsers.PositiveInt,
    };

    public Option<InputSize?> Size { get; } = new("--size")
    {
        HelpName = "H[xW]",
        Description = "Input height and width in pixels, e.g. 224 or 224x160 [default: 224]; with --export-onnx it fixes the file's input size [default: any size]",
        CustomParser = ValueParsers.Size,
    };

    public Option<ComputeDevice?> Device { get; } = new("--device")
    {
        HelpName = "cpu|cuda",
        Description = "Where the model runs [default: cpu]",
        CustomParser = result => OptionRules.AvailableDevice(result, ValueParsers.Choice(result, Devices)),
    };

    public Option<int?> Threads { get; } = new("--threads")
    {
        HelpName = "N",
        Description = "CPU threads of TorchSharp and ONNX Runtime [default: their own, one per core]",
        CustomParser = ValueParsers.PositiveInt,
    };

    public Option<OutputFormat?> Format { get; } = new("--format")
    {
        HelpName = "table|markdown|csv|json",
        Description = "Output format [default: table]",
        CustomParser = result => ValueParsers.Choice(result, Formats),
    };

    public Option<string> Output { get; } = new("--output")
    {
        HelpName = "FILE",
        Description = "Write the output to FILE instead of the console",
    };

    public Option<int?> Depth { get; } = new("--depth")
    {
        HelpName = "N",
        Description = "Also sum the statistics by module path at depth N (1: conv1, maxpool, inverted_block, conv5, fc; 2: each unit); with --format csv, the sums replace the rows",
        CustomParser = ValueParsers.PositiveInt,
    };

    public Option<string> Weights { get; } = new("--weights")
    {
        HelpName = "FILE",
        Description = "Load the weights in FILE (PyTorch .pth zip or legacy, safetensors, TorchSharp); the file gives the architecture and class count",
    };

    public Option<string> Image { get; } = new("--image")
    {
        HelpName = "FILE",
        Description = "Classify the image in FILE (PNG, JPEG...): the top classes with probabilities, ImageNet names when the model has 1000 classes (else 'class N' in text, null in JSON, empty in CSV)",
    };

    public Option<int?> Top { get; } = new("--top")
    {
        HelpName = "K",
        Description = "With --image: how many classes to print [default: 5]",
        CustomParser = ValueParsers.PositiveInt,
    };

    public Option<bool> Compare { get; } = new("--compare")
    {
        Description = "Compare the four widths side by side: params, memory, MAdd, Flops, MACs, the paper's MFLOPs and the latency at batch 1 on this machine",
    };

    public Option<InferenceEngine?> Engine { get; } = new("--engine")
    {
        HelpName = "torchsharp|onnx",
        Description = "With --image or --compare: run the model with TorchSharp, or exported in memory to ONNX and run with ONNX Runtime (CPU) [default: torchsharp]",
        CustomParser = result => ValueParsers.Choice(result, Engines),
    };

    public Option<string> ExportOnnx { get; } = new("--export-onnx")
    {
        HelpName = "FILE",
        Description = "Export the model to the ONNX file FILE (opset 13, BatchNorm folded, dynamic batch)",
    };

    /// <summary>The root command with every option and the checks between them.</summary>
    public RootCommand CreateCommand()
    {
        var command = new RootCommand(
            "ShuffleNetV2 on TorchSharp. Without options: builds the 1.0x model, runs a random 4x3x224x224 batch, prints the output shape "
            + "and the model's statistics as torchstat prints them. Options change the model or the input, or run another job: "
            + "--image (classify a picture), --compare (the four widths side by side) or --export-onnx (write an ONNX file). "
            + "Exit codes: 0 success, 1 runtime failure, 2 bad arguments or input files.");
        foreach (var option in All)
        {
            command.Options.Add(option);
        }

        OptionRules.AddTo(command, this);
        return command;
    }

    /// <summary>Every option, in the order help lists them.</summary>
    public IReadOnlyList<Option> All => [Width, Classes, Batch, Size, Device, Threads, Format, Output, Depth, Weights, Image, Top, Compare, Engine, ExportOnnx];

    /// <summary>The values of a parse without errors.</summary>
    /// <exception cref="UsageException">Two values do not go together.</exception>
    public SampleSettings Read(ParseResult parsed) => OptionRules.Checked(new()
    {
        Job = OptionRules.JobOf(parsed.RootCommandResult, this),
        Width = parsed.GetValue(Width),
        Classes = parsed.GetValue(Classes),
        Batch = parsed.GetValue(Batch),
        Size = parsed.GetValue(Size),
        Device = parsed.GetValue(Device) ?? ComputeDevice.Cpu,
        Threads = parsed.GetValue(Threads),
        Format = parsed.GetValue(Format) ?? OutputFormat.Table,
        OutputPath = parsed.GetValue(Output),
        Depth = parsed.GetValue(Depth),
        WeightsPath = parsed.GetValue(Weights),
        ImagePath = parsed.GetValue(Image),
        Top = parsed.GetValue(Top) ?? SampleSettings.DefaultTop,
        Engine = parsed.GetValue(Engine) ?? InferenceEngine.TorchSharp,
        OnnxPath = parsed.GetValue(ExportOnnx),
    });
}
