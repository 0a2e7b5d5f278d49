using BenchmarkDotNet.Attributes;
using TorchStats;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Benchmarks;

/// <summary>
/// One statistics analysis (<see cref="ModelStatistics.Analyze"/>: hooks, one forward, counting, report) against one
/// plain forward of the same model and input shape; the Ratio column is the analysis cost in forwards (goal: at most 2).
/// </summary>
[MemoryDiagnoser]
public class StatisticsBenchmarks
{
    private ShuffleNetV2 _model = null!;
    private Tensor _input = null!;

    [Params(ShuffleNetV2Width.X0_5, ShuffleNetV2Width.X1_0, ShuffleNetV2Width.X1_5, ShuffleNetV2Width.X2_0)]
    public ShuffleNetV2Width Width { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        BenchmarkSettings.Apply();
        _model = ShuffleNetV2.Create(Width);
        _model.eval();
        _input = rand(1, 3, BenchmarkSettings.ImageSize, BenchmarkSettings.ImageSize);
    }

    [Benchmark(Baseline = true)]
    public long Forward()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return _model.call(_input).shape[0];
    }

    [Benchmark]
    public long Analyze() => ModelStatistics.Analyze(_model, _input.shape).Totals.MAdd;

    [GlobalCleanup]
    public void Cleanup()
    {
        _input.Dispose();
        _model.Dispose();
    }
}
