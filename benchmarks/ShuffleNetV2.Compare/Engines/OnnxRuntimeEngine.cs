using ShuffleNet.Torch.Onnx;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Compare.Engines;

/// <summary>ONNX Runtime (CPU) on an ONNX file, through <see cref="OnnxShuffleNetV2"/>: tensor in, tensor out.</summary>
internal sealed class OnnxRuntimeEngine(string onnxPath, EngineSettings settings) : IEngine
{
    private readonly OnnxShuffleNetV2 _session = OnnxShuffleNetV2.Load(onnxPath, settings.Threads, settings.OrtSpinning);

    public Tensor Classify(Tensor input) => _session.Run(input);

    public void Dispose() => _session.Dispose();
}
