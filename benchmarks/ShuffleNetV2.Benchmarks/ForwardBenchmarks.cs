using BenchmarkDotNet.Attributes;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Benchmarks;

/// <summary>Forward latency of each width at batch 1 and 32 (eval, no_grad, 2 threads).</summary>
[MemoryDiagnoser]
public class ForwardBenchmarks
{
    private ShuffleNetV2 _model = null!;
    private Tensor _input = null!;

    [Params(ShuffleNetV2Width.X0_5, ShuffleNetV2Width.X1_0, ShuffleNetV2Width.X1_5, ShuffleNetV2Width.X2_0)]
    public ShuffleNetV2Width Width { get; set; }

    [Params(1, 32)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        BenchmarkSettings.Apply();
        _model = ShuffleNetV2.Create(Width);
        _model.eval();
        _input = rand(Batch, 3, 224, 224);
    }

    [Benchmark]
    public long Forward()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return _model.call(_input).shape[0];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _input.Dispose();
        _model.Dispose();
    }
}
