using static TorchSharp.torch;

namespace ShuffleNet.Torch.Compare.Engines;

/// <summary>This library's <see cref="ShuffleNetV2"/>, eval mode, forward under <c>no_grad</c>.</summary>
internal sealed class TorchSharpEngine : IEngine
{
    private readonly ShuffleNetV2 _model;

    public TorchSharpEngine(string weightsPath)
    {
        _model = ShuffleNetV2.FromWeights(weightsPath);
        _model.eval();
    }

    public Tensor Classify(Tensor input)
    {
        using var noGrad = no_grad();
        return _model.call(input);
    }

    public void Dispose() => _model.Dispose();
}
