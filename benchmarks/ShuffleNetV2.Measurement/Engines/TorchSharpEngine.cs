using static TorchSharp.torch;

namespace ShuffleNet.Torch.Measurement.Engines;

/// <summary>This library's <see cref="ShuffleNetV2"/>, eval mode, forward under <c>no_grad</c>; on CUDA each run waits for the device.</summary>
public sealed class TorchSharpEngine : IEngine
{
    private readonly ShuffleNetV2 _model;
    private readonly bool _ownsModel;

    /// <summary>Runs <paramref name="model"/> (put in eval mode; the caller keeps ownership).</summary>
    public TorchSharpEngine(ShuffleNetV2 model)
        : this(model, ownsModel: false)
    {
    }

    private TorchSharpEngine(ShuffleNetV2 model, bool ownsModel)
    {
        _model = model;
        _ownsModel = ownsModel;
        _model.eval();
    }

    /// <summary>Loads the network a weights file describes, and owns it.</summary>
    public static TorchSharpEngine FromWeights(string weightsPath) => new(ShuffleNetV2.FromWeights(weightsPath), ownsModel: true);

    public Tensor Classify(Tensor input)
    {
        using var noGrad = no_grad();
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
