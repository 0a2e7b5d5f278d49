using System;
using TorchSharp;

namespace TorchStats;

/// <summary>torchstat's rules for ReLU and ReLU6.</summary>
public static class ReLUCounter
{
    /// <summary>
    /// MAdd <c>C·H·W</c> of the input per sample (one comparison each); Flops <c>numel(in)</c>; read and write
    /// <c>numel(in)</c> each; no MACs. Any rank.
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
