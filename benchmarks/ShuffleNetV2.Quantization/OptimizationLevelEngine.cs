using System;
using Microsoft.ML.OnnxRuntime;
using ShuffleNet.Torch.Measurement.Engines;
using static TorchSharp.torch;
using TensorElementType = Microsoft.ML.OnnxRuntime.Tensors.TensorElementType;

/// <summary>
/// An ONNX file in ONNX Runtime at a chosen graph optimization level, otherwise opened and run as
/// <see cref="ShuffleNet.Torch.Onnx.OnnxImageClassifier"/> does (intra-op threads, one inter-op thread, sequential,
/// spinning allowed, the input read in place): what the harness times when it asks what each level gives.
/// </summary>
internal sealed class OptimizationLevelEngine : IEngine
{
    private readonly InferenceSession _session;

    public OptimizationLevelEngine(string path, int threads, GraphOptimizationLevel level)
    {
        using var options = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = level,
        };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "1");
        _session = new InferenceSession(path, options);
    }

    public Tensor Classify(Tensor input)
    {
        var contiguous = input.to_type(ScalarType.Float32).contiguous();
        float[] scores;
        unsafe
        {
            fixed (byte* data = contiguous.bytes)
            {
                using var value = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, TensorElementType.Float, input.shape, (IntPtr)data, contiguous.NumberOfElements * sizeof(float));
                using var runOptions = new RunOptions();
                using var outputs = _session.Run(runOptions, [_session.InputNames[0]], [value], _session.OutputNames);
                scores = outputs[0].GetTensorDataAsSpan<float>().ToArray();
            }
        }

        return tensor(scores, [input.shape[0], scores.Length / input.shape[0]]);
    }

    public void Dispose() => _session.Dispose();
}
