using static TorchSharp.torch;

namespace ShuffleNet.Torch.Sample;

/// <summary>
/// Which model a job builds. Null means "not given", so that a weights file can decide the architecture and the class
/// count unless --width or --classes say otherwise.
/// </summary>
internal sealed record ModelChoice(ShuffleNetV2Width? Width, int? Classes, string? WeightsPath, ComputeDevice Device)
{
    public const ShuffleNetV2Width DefaultWidth = ShuffleNetV2Width.X1_0;
    public const int DefaultClasses = 1000;

    public Device TorchDevice => ToTorch(Device);

    public static Device ToTorch(ComputeDevice device) => device == ComputeDevice.Cuda ? CUDA : CPU;
}
