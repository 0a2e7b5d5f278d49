using System;
using TorchSharp.Modules;

namespace TorchStats;

/// <summary>torchstat's rules for <see cref="MaxPool2d"/>.</summary>
public static class MaxPool2dCounter
{
    /// <summary>
    /// MAdd <c>(k_h·k_w − 1)·C_out·H_out·W_out</c> per sample (comparisons); Flops <c>numel(in)</c> (the INPUT's
    /// element count, whatever the kernel); read <c>numel(in)</c>; write <c>numel(out)</c>; no MACs.
    /// </summary>
    /// <exception cref="NotSupportedException">Input or output is not 4-D.</exception>
    public static LayerCounts Count(MaxPool2d module, LayerCall call)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(call);
        CounterGuards.RequireRank(call, 4, nameof(MaxPool2d));
        checked
        {
            var (kernelHeight, kernelWidth) = CounterGuards.Kernel2d(module.kernel_size);
            var madd = ((kernelHeight * kernelWidth) - 1) * call.OutputElementsPerSample;
            return new LayerCounts(madd, call.InputElements, call.InputElements * call.ElementSize, call.OutputElements * call.ElementSize, 0);
        }
    }
}
