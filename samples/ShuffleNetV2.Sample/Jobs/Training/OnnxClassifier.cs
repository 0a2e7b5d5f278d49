using ShuffleNet.Torch.Onnx;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Sample;

/// <summary>An ONNX Runtime session seen as a TorchSharp module (no parameters, CPU), so that the library's evaluator measures it as it measures a network.</summary>
internal sealed class OnnxClassifier(OnnxShuffleNetV2 session) : nn.Module<Tensor, Tensor>(nameof(OnnxClassifier))
{
    public override Tensor forward(Tensor input) => session.Run(input);
}
