using static TorchSharp.torch;

namespace ShuffleNet.Torch.Sample;

/// <summary>What the sample does: the statistics run (the default, the seed's main job) or one of the three other jobs.</summary>
internal enum Job
{
    Statistics,
    ClassifyImage,
    CompareWidths,
    ExportOnnx,
}

internal enum OutputFormat
{
    Table,
    Markdown,
    Csv,
    Json,
}

internal enum InferenceEngine
{
    TorchSharp,
    Onnx,
}

internal enum ComputeDevice
{
    Cpu,
    Cuda,
}

/// <summary>An input image size in pixels.</summary>
internal readonly record struct InputSize(int Height, int Width)
{
    public override string ToString() => $"{Height}x{Width}";
}

/// <summary>
/// The command line, read and checked. Options the user left out are null, so that the jobs can tell "not given"
/// from "given the default" (a weights file decides the architecture unless --width says otherwise).
/// </summary>
internal sealed record SampleSettings
{
    public const ShuffleNetV2Width DefaultWidth = ShuffleNetV2Width.X1_0;
    public const int DefaultClasses = 1000;

    /// <summary>The seed's <c>rand(4, 3, 224, 224)</c>.</summary>
    public const int DefaultForwardBatch = 4;

    /// <summary>torchstat's <c>stat(model, input_size=[3, 224, 224])</c> runs one image.</summary>
    public const int DefaultStatisticsBatch = 1;

    public const int DefaultTop = 5;

    public static InputSize DefaultSize { get; } = new(224, 224);

    public Job Job { get; init; }

    public ShuffleNetV2Width? Width { get; init; }

    public int? Classes { get; init; }

    public int? Batch { get; init; }

    public InputSize? Size { get; init; }

    public ComputeDevice Device { get; init; }

    public int? Threads { get; init; }

    public OutputFormat Format { get; init; }

    public string? OutputPath { get; init; }

    public int? Depth { get; init; }

    public string? WeightsPath { get; init; }

    public string? ImagePath { get; init; }

    public int Top { get; init; } = DefaultTop;

    public InferenceEngine Engine { get; init; }

    public string? OnnxPath { get; init; }

    public Device TorchDevice => Device == ComputeDevice.Cuda ? CUDA : CPU;

    public long[] InputShape(long batch)
    {
        var size = Size ?? DefaultSize;
        return [batch, 3, size.Height, size.Width];
    }
}

/// <summary>The command-line spelling of the choices.</summary>
internal static class ChoiceText
{
    public static string Text(this InferenceEngine engine) => engine == InferenceEngine.Onnx ? "onnx" : "torchsharp";

    public static string Text(this ComputeDevice device) => device == ComputeDevice.Cuda ? "cuda" : "cpu";
}
