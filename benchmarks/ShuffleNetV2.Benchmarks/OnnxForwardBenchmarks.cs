using BenchmarkDotNet.Attributes;
using ShuffleNet.Torch.Measurement.Engines;

namespace ShuffleNet.Torch.Benchmarks;

/// <summary>
/// Forward latency through ONNX Runtime of this library's ONNX export, same widths, batches and threads as
/// <see cref="ForwardBenchmarks"/>; TorchSharp tensor in, tensor out. ONNX Runtime's default spin-waiting is kept:
/// here nothing else runs between two forwards.
/// </summary>
[MemoryDiagnoser]
public class OnnxForwardBenchmarks : ForwardBenchmarkBase
{
    [Benchmark]
    public long OnnxRun() => RunOnce();

    protected override IEngine CreateEngine(ShuffleNetV2 model) => OnnxRuntimeEngine.FromModel(model, BenchmarkSettings.Threads);
}
