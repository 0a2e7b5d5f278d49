using static TorchSharp.torch;

namespace ShuffleNet.Torch.Compare.Engines;

/// <summary>The same network with each BatchNorm folded into its convolution (<see cref="ShuffleNetV2.FuseForInference"/>).</summary>
internal sealed class FusedTorchSharpEngine : IEngine
{
    private readonly FusedShuffleNetV2 _fused;

    public FusedTorchSharpEngine(string weightsPath)
    {
        using var model = ShuffleNetV2.FromWeights(weightsPath);
        model.eval();
        _fused = model.FuseForInference();
    }

    public Tensor Classify(Tensor input)
    {
        using var noGrad = no_grad();
        return _fused.call(input);
    }

    public void Dispose() => _fused.Dispose();
}
