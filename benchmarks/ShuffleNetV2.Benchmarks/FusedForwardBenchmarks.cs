using BenchmarkDotNet.Attributes;
using ShuffleNet.Torch.Measurement.Engines;

namespace ShuffleNet.Torch.Benchmarks;

/// <summary>Forward latency of the BatchNorm-folded network (<see cref="ShuffleNetV2.FuseForInference"/>), same widths, batches and threads as <see cref="ForwardBenchmarks"/>.</summary>
[MemoryDiagnoser]
public class FusedForwardBenchmarks : ForwardBenchmarkBase
{
    [Benchmark]
    public long FusedForward() => RunOnce();

    protected override IEngine CreateEngine(ShuffleNetV2 model) => new FusedTorchSharpEngine(model);
}
