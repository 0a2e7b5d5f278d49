using System;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Compare.Engines;

/// <summary>One way of running the network of one width; what the worker times.</summary>
internal interface IEngine : IDisposable
{
    /// <summary>
    /// Class scores [batch, classes] for a batch [batch, 3, 224, 224], or <see langword="null"/> for an engine that does
    /// not classify (the statistics analysis). The caller's dispose scope owns the result.
    /// </summary>
    Tensor? Classify(Tensor input);

    /// <summary>The timed work on one batch; tensors it makes belong to the caller's dispose scope.</summary>
    void Run(Tensor input) => Classify(input);
}
