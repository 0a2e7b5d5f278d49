using System;
using TorchSharp.Modules;

namespace TorchStats;

/// <summary>Flops for <see cref="Upsample"/>, torchstat's rule with its channel bug fixed.</summary>
public static class UpsampleCounter
{
    /// <summary>
    /// Flops <c>numel(out)</c> = <c>B·C·H_out·W_out</c>; MAdd, read and write 0 (unsupported in torchstat); no MACs.
    /// torchstat computes <c>B·H_out·W_out</c>: it takes the shape of the first sample without its first (channel)
    /// dimension, so its value is this one divided by <c>C</c>.
    /// </summary>
    public static LayerCounts Count(Upsample module, LayerCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return new LayerCounts(0, call.OutputElements, 0, 0, 0);
    }
}
