using static TorchSharp.torch;

namespace ShuffleNet.Torch.Onnx.Quantization.Calibration;

/// <summary>An activation to watch: the output of <paramref name="Module"/>, or its input when <paramref name="Input"/> is set.</summary>
/// <param name="Name">The activation's name.</param>
/// <param name="Module">The module whose call produces or takes the activation.</param>
/// <param name="Input">Whether the activation is the module's input rather than its output.</param>
internal sealed record ObservationPoint(string Name, nn.Module<Tensor, Tensor> Module, bool Input = false);
