using TorchStats;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Measurement.Engines;

/// <summary>One whole statistics analysis of this library's <see cref="ShuffleNetV2"/> per run (it makes its own input of the batch's shape).</summary>
public sealed class StatisticsEngine : IEngine
{
    private readonly ShuffleNetV2 _model;

    private StatisticsEngine(ShuffleNetV2 model)
    {
        _model = model;
        _model.eval();
    }

    /// <summary>Loads the network a weights file describes, and owns it.</summary>
    public static StatisticsEngine FromWeights(string weightsPath) => new(ShuffleNetV2.FromWeights(weightsPath));

    public Tensor? Classify(Tensor input) => null;

    public void Run(Tensor input) => ModelStatistics.Analyze(_model, input.shape);

    public void Dispose() => _model.Dispose();
}
