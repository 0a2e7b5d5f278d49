using System;
using TorchSharp;

namespace TorchStats;

/// <summary>
/// The stated rule for element-wise activations torchstat does not count (Sigmoid, Tanh, SiLU, GELU, Mish, Hardswish,
/// Hardsigmoid, Hardtanh, Softplus): one operation per element, whatever the formula, as torchstat's ReLU rule. An
/// <c>exp</c> or a <c>tanh</c> is not priced in multiply-adds: no convention agrees on such a price, and the activations
/// are a small share of any network that has convolutions or linear layers.
/// </summary>
public static class ActivationCounter
{
    /// <summary>
    /// MAdd = input elements of one sample; Flops <c>numel(in)</c>; read and write <c>numel(in)</c> each; no MACs. Any rank.
    /// The same numbers as <see cref="ReLUCounter"/>.
    /// </summary>
    public static LayerCounts Count(torch.nn.Module module, LayerCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        checked
        {
            var bytes = call.InputElements * call.ElementSize;
            return new LayerCounts(call.InputElementsPerSample, call.InputElements, bytes, bytes, 0);
        }
    }
}
