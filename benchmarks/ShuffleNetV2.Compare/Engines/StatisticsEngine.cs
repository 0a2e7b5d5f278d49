using TorchStats;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Compare.Engines;

/// <summary>One whole statistics analysis of this library's <see cref="ShuffleNetV2"/> per run (it makes its own input of the batch's shape).</summary>
internal sealed class StatisticsEngine : IEngine
{
    private readonly ShuffleNetV2 _model;

    public StatisticsEngine(string weightsPath)
    {
        _model = ShuffleNetV2.FromWeights(weightsPath);
        _model.eval();
    }

    public Tensor? Classify(Tensor input) => null;

    public void Run(Tensor input) => ModelStatistics.Analyze(_model, input.shape);

    public void Dispose() => _model.Dispose();
}
