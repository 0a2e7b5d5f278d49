using BenchmarkDotNet.Attributes;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Benchmarks;

/// <summary>Forward latency of each width at batch 1 and 32 (TorchSharp, eval, no_grad, 2 threads).</summary>
[MemoryDiagnoser]
public class ForwardBenchmarks : ForwardBenchmarkBase
{
    private ShuffleNetV2 _model = null!;

    [Benchmark]
    public long Forward()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return _model.call(Input).shape[0];
    }

    protected override void CreateEngine()
    {
        _model = ShuffleNetV2.Create(Width);
        _model.eval();
    }

    protected override void DisposeEngine() => _model.Dispose();
}
