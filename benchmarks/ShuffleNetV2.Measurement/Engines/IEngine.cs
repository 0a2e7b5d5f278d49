using System;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Measurement.Engines;

/// <summary>One way of running a network on a batch: what the sample's comparison, the benchmarks and the comparison workers time.</summary>
public interface IEngine : IDisposable
{
    /// <summary>
    /// Class scores [batch, classes] for a batch [batch, 3, H, W], or <see langword="null"/> for an engine that does
    /// not classify (the statistics analysis). The caller's dispose scope owns the result.
    /// </summary>
    Tensor? Classify(Tensor input);

    /// <summary>The timed work on one batch; tensors it makes belong to the caller's dispose scope.</summary>
    void Run(Tensor input) => Classify(input);
}
