using ShuffleNet.Torch.Onnx;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Measurement.Engines;

/// <summary>ONNX Runtime (CPU) through <see cref="OnnxImageClassifier"/>: tensor in, tensor out.</summary>
public sealed class OnnxRuntimeEngine : IEngine
{
    private readonly OnnxImageClassifier _session;

    private OnnxRuntimeEngine(OnnxImageClassifier session)
    {
        _session = session;
    }

    /// <summary>Opens an ONNX file.</summary>
    /// <param name="onnxPath">The file.</param>
    /// <param name="threads">Intra-op threads; 0 for ONNX Runtime's default.</param>
    /// <param name="allowSpinning">Whether the intra-op threads spin-wait after each run (ONNX Runtime's default).</param>
    public static OnnxRuntimeEngine Load(string onnxPath, int threads, bool allowSpinning = true) =>
        new(OnnxImageClassifier.Load(onnxPath, threads, allowSpinning));

    /// <summary>Exports <paramref name="model"/> in memory and opens the session.</summary>
    public static OnnxRuntimeEngine FromModel(ShuffleNetV2 model, int threads, bool allowSpinning = true) =>
        new(OnnxImageClassifier.FromModel(model, threads, allowSpinning: allowSpinning));

    /// <summary>Times a session opened elsewhere (such as a quantized model opened in memory); disposing the engine disposes it.</summary>
    public static OnnxRuntimeEngine Of(OnnxImageClassifier session) => new(session);

    public Tensor Classify(Tensor input) => _session.Run(input);

    public void Dispose() => _session.Dispose();
}
