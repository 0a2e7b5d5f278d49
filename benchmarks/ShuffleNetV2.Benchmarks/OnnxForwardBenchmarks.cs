using BenchmarkDotNet.Attributes;
using ShuffleNet.Torch.Onnx;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Benchmarks;

/// <summary>
/// Forward latency through ONNX Runtime of this library's ONNX export (<see cref="OnnxShuffleNetV2.FromModel(ShuffleNetV2, int, OnnxExportOptions?, bool)"/>),
/// same widths, batches and threads as <see cref="ForwardBenchmarks"/>; TorchSharp tensor in, tensor out. ONNX Runtime's
/// default spin-waiting is kept: here nothing else runs between two forwards.
/// </summary>
[MemoryDiagnoser]
public class OnnxForwardBenchmarks : ForwardBenchmarkBase
{
    private OnnxShuffleNetV2 _onnx = null!;

    [Benchmark]
    public long OnnxRun()
    {
        using var scope = NewDisposeScope();
        return _onnx.Run(Input).shape[0];
    }

    protected override void CreateEngine()
    {
        using var model = ShuffleNetV2.Create(Width);
        model.eval();
        _onnx = OnnxShuffleNetV2.FromModel(model, intraOpThreads: BenchmarkSettings.Threads);
    }

    protected override void DisposeEngine() => _onnx.Dispose();
}
