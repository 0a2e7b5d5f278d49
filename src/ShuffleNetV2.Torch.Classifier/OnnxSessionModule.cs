using ShuffleNet.Torch.Onnx;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Classifier;

/// <summary>An ONNX Runtime session seen as a TorchSharp module (no parameters, CPU), so that the training package's evaluator measures it as it measures a network.</summary>
internal sealed class OnnxSessionModule(OnnxImageClassifier session) : nn.Module<Tensor, Tensor>(nameof(OnnxSessionModule))
{
    public override Tensor forward(Tensor input) => session.Run(input);
}
