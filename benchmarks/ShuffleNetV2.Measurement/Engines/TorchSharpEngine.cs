using static TorchSharp.torch;

namespace ShuffleNet.Torch.Measurement.Engines;

/// <summary>
/// This library's <see cref="ShuffleNetV2"/>, eval mode, forward under <c>no_grad</c> (or <c>inference_mode</c>); on CUDA
/// each run waits for the device.
/// </summary>
public sealed class TorchSharpEngine : IEngine
{
    private readonly ShuffleNetV2 _model;
    private readonly bool _ownsModel;
    private readonly bool _inferenceMode;

    /// <summary>Runs <paramref name="model"/> (put in eval mode; the caller keeps ownership).</summary>
    public TorchSharpEngine(ShuffleNetV2 model)
        : this(model, ownsModel: false, inferenceMode: false)
    {
    }

    private TorchSharpEngine(ShuffleNetV2 model, bool ownsModel, bool inferenceMode)
    {
        _model = model;
        _ownsModel = ownsModel;
        _inferenceMode = inferenceMode;
        _model.eval();
    }

    /// <summary>
    /// Loads the network a weights file describes, and owns it; <paramref name="channelsLast"/> sets the network's
    /// <see cref="ShuffleNetV2Base.ChannelsLast"/>, <paramref name="inferenceMode"/> runs the forward under
    /// <c>inference_mode</c> instead of <c>no_grad</c>.
    /// </summary>
    public static TorchSharpEngine FromWeights(string weightsPath, bool channelsLast = false, bool inferenceMode = false)
    {
        var model = ShuffleNetV2.FromWeights(weightsPath);
        model.ChannelsLast = channelsLast;
        return new(model, ownsModel: true, inferenceMode);
    }

    public Tensor Classify(Tensor input)
    {
        using var noGrad = _inferenceMode ? inference_mode() : no_grad();
        var output = _model.call(input);
        if (output.device.type == TorchSharp.DeviceType.CUDA)
        {
            cuda.synchronize(output.device);
        }

        return output;
    }

    public void Dispose()
    {
        if (_ownsModel)
        {
            _model.Dispose();
        }
    }
}
