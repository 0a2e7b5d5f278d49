using System;
using TorchSharp.Modules;

namespace TorchStats;

/// <summary>torchstat's rules for <see cref="Softmax"/>: MAdd only (torchstat counts no Flops or memory for it).</summary>
public static class SoftmaxCounter
{
    /// <summary>MAdd <c>3·N − 1</c> per sample with <c>N</c> the input elements of one sample (exp, add, divide); everything else 0.</summary>
    /// <exception cref="NotSupportedException">The input has fewer than 2 dimensions.</exception>
    public static LayerCounts Count(Softmax module, LayerCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (call.InputRank < 2)
        {
            throw new NotSupportedException($"Softmax is counted for input with a batch and at least one more dimension, got {call}.");
        }

        return new LayerCounts(checked((3 * call.InputElementsPerSample) - 1), 0, 0, 0, 0);
    }
}
