using System;
using TorchSharp.Modules;

namespace TorchStats;

/// <summary>torchstat's rules for <see cref="PReLU"/>: Flops and memory, but no MAdd (torchstat's MAdd does not support it).</summary>
public static class PReLUCounter
{
    /// <summary>MAdd 0; Flops <c>numel(in)</c>; read <c>B·(C·H·W + trainable params)</c>; write <c>numel(in)</c>; no MACs. Any rank.</summary>
    public static LayerCounts Count(PReLU module, LayerCall call)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(call);
        checked
        {
            var read = call.BatchSize * (call.InputElementsPerSample + CounterGuards.TrainableParameters(module));
            return new LayerCounts(0, call.InputElements, read * call.ElementSize, call.InputElements * call.ElementSize, 0);
        }
    }
}
