using static TorchSharp.torch;

namespace ShuffleNet.Torch.Measurement.Engines;

/// <summary>The same network with each BatchNorm folded into its convolution (<see cref="ShuffleNetV2.FuseForInference"/>).</summary>
public sealed class FusedTorchSharpEngine : IEngine
{
    private readonly FusedShuffleNetV2 _fused;
    private readonly bool _inferenceMode;

    /// <summary>Fuses <paramref name="model"/> (left unchanged) and runs the fused copy, which this engine owns.</summary>
    public FusedTorchSharpEngine(ShuffleNetV2 model)
        : this(model, inferenceMode: false)
    {
    }

    private FusedTorchSharpEngine(ShuffleNetV2 model, bool inferenceMode)
    {
        _fused = model.FuseForInference();
        _inferenceMode = inferenceMode;
    }

    /// <summary>
    /// Loads the network a weights file describes and fuses it; <paramref name="channelsLast"/> sets
    /// <see cref="ShuffleNetV2Base.ChannelsLast"/>, <paramref name="inferenceMode"/> runs the forward under
    /// <c>inference_mode</c> instead of <c>no_grad</c>.
    /// </summary>
    public static FusedTorchSharpEngine FromWeights(string weightsPath, bool channelsLast = false, bool inferenceMode = false)
    {
        using var model = ShuffleNetV2.FromWeights(weightsPath);
        model.ChannelsLast = channelsLast;
        return new FusedTorchSharpEngine(model, inferenceMode);
    }

    public Tensor Classify(Tensor input)
    {
        using var noGrad = _inferenceMode ? inference_mode() : no_grad();
        return _fused.call(input);
    }

    public void Dispose() => _fused.Dispose();
}
