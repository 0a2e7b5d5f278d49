using System;
using TorchSharp;

namespace TorchStats;

/// <summary>torchstat's rules for ELU and LeakyReLU: Flops and memory, but no MAdd (torchstat's MAdd does not support them).</summary>
public static class ElementwiseActivationCounter
{
    /// <summary>MAdd 0; Flops <c>numel(in)</c>; read and write <c>numel(in)</c> each; no MACs. Any rank.</summary>
    public static LayerCounts Count(torch.nn.Module module, LayerCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        checked
        {
            var bytes = call.InputElements * call.ElementSize;
            return new LayerCounts(0, call.InputElements, bytes, bytes, 0);
        }
    }
}
