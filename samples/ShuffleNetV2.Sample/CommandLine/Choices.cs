namespace ShuffleNet.Torch.Sample;

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
    /// <summary>The reference model's and torchstat's 224×224.</summary>
    public static InputSize Default { get; } = new(224, 224);

    /// <summary>[batch, 3, height, width] of <paramref name="size"/>, or of the default size when it is null.</summary>
    public static long[] Shape(InputSize? size, long batch)
    {
        var (height, width) = size ?? Default;
        return [batch, 3, height, width];
    }

    public override string ToString() => $"{Height}x{Width}";
}

/// <summary>The command-line spelling of the choices.</summary>
internal static class ChoiceText
{
    public static string Text(this InferenceEngine engine) => engine == InferenceEngine.Onnx ? "onnx" : "torchsharp";

    public static string Text(this ComputeDevice device) => device == ComputeDevice.Cuda ? "cuda" : "cpu";
}
