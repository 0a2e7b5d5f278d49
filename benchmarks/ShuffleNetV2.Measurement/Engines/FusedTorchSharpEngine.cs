using static TorchSharp.torch;

namespace ShuffleNet.Torch.Measurement.Engines;

/// <summary>The same network with each BatchNorm folded into its convolution (<see cref="ShuffleNetV2.FuseForInference"/>).</summary>
public sealed class FusedTorchSharpEngine : IEngine
{
    private readonly FusedShuffleNetV2 _fused;

    /// <summary>Fuses <paramref name="model"/> (left unchanged) and runs the fused copy, which this engine owns.</summary>
    public FusedTorchSharpEngine(ShuffleNetV2 model)
    {
        _fused = model.FuseForInference();
    }

    /// <summary>Loads the network a weights file describes and fuses it.</summary>
    public static FusedTorchSharpEngine FromWeights(string weightsPath)
    {
        using var model = ShuffleNetV2.FromWeights(weightsPath);
        return new FusedTorchSharpEngine(model);
    }

    public Tensor Classify(Tensor input)
    {
        using var noGrad = no_grad();
        return _fused.call(input);
    }

    public void Dispose() => _fused.Dispose();
}
