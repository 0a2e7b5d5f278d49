using BenchmarkDotNet.Attributes;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Benchmarks;

/// <summary>Forward latency of the BatchNorm-folded network (<see cref="ShuffleNetV2.FuseForInference"/>), same widths, batches and threads as <see cref="ForwardBenchmarks"/>.</summary>
[MemoryDiagnoser]
public class FusedForwardBenchmarks : ForwardBenchmarkBase
{
    private FusedShuffleNetV2 _fused = null!;

    [Benchmark]
    public long FusedForward()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return _fused.call(Input).shape[0];
    }

    protected override void CreateEngine()
    {
        using var model = ShuffleNetV2.Create(Width);
        model.eval();
        _fused = model.FuseForInference();
    }

    protected override void DisposeEngine() => _fused.Dispose();
}
