namespace ShuffleNet.Torch.Classifier;

/// <summary>What runs a <see cref="ShuffleNetV2Classifier"/>'s forward pass.</summary>
public enum ClassifierEngine
{
    /// <summary>The TorchSharp network (eval mode, no gradients).</summary>
    TorchSharp,

    /// <summary>ONNX Runtime on the CPU: an ONNX file, or the network exported in memory.</summary>
    OnnxRuntime,
}
