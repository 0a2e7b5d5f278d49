using BenchmarkDotNet.Attributes;
using ShuffleNet.Torch.Measurement.Engines;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Benchmarks;

/// <summary>
/// What the forward benchmarks share: each width at batch 1 and 32, one random input of 224×224 images made in the
/// setup, and the thread count of <see cref="BenchmarkSettings"/>. Subclasses choose the engine that runs the network.
/// </summary>
public abstract class ForwardBenchmarkBase
{
    private ShuffleNetV2 _model = null!;
    private IEngine _engine = null!;

    [Params(ShuffleNetV2Width.X0_5, ShuffleNetV2Width.X1_0, ShuffleNetV2Width.X1_5, ShuffleNetV2Width.X2_0)]
    public ShuffleNetV2Width Width { get; set; }

    [Params(1, 32)]
    public int Batch { get; set; }

    protected Tensor Input { get; private set; } = null!;

    [GlobalSetup]
    public void Setup()
    {
        BenchmarkSettings.Apply();
        manual_seed(0);
        Input = rand(Batch, 3, BenchmarkSettings.ImageSize, BenchmarkSettings.ImageSize);
        _model = ShuffleNetV2.Create(Width);
        _model.eval();
        _engine = CreateEngine(_model);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _engine.Dispose();
        _model.Dispose();
        Input.Dispose();
    }

    /// <summary>One forward of the batch through the engine, its tensors freed.</summary>
    protected long RunOnce()
    {
        using var scope = NewDisposeScope();
        return _engine.Classify(Input)!.shape[0];
    }

    /// <summary>The engine that runs <paramref name="model"/> (width <see cref="Width"/>, eval mode, disposed after the engine).</summary>
    protected abstract IEngine CreateEngine(ShuffleNetV2 model);
}
