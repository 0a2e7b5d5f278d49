using BenchmarkDotNet.Attributes;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Benchmarks;

/// <summary>
/// What the forward benchmarks share: each width at batch 1 and 32, one random input of 224×224 images made in the
/// setup, and the thread count of <see cref="BenchmarkSettings"/>. Subclasses build what they time in <see cref="CreateEngine"/>.
/// </summary>
public abstract class ForwardBenchmarkBase
{
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
        CreateEngine();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        DisposeEngine();
        Input.Dispose();
    }

    /// <summary>Builds the network of width <see cref="Width"/> that the benchmark times.</summary>
    protected abstract void CreateEngine();

    protected abstract void DisposeEngine();
}
