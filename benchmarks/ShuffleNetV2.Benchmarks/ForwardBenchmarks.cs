using BenchmarkDotNet.Attributes;
using ShuffleNet.Torch.Measurement.Engines;

namespace ShuffleNet.Torch.Benchmarks;

/// <summary>Forward latency of each width at batch 1 and 32 (TorchSharp, eval, no_grad, 2 threads).</summary>
[MemoryDiagnoser]
public class ForwardBenchmarks : ForwardBenchmarkBase
{
    [Benchmark]
    public long Forward() => RunOnce();

    protected override IEngine CreateEngine(ShuffleNetV2 model) => new TorchSharpEngine(model);
}
