using System;
using TorchSharp.Modules;

namespace TorchStats;

/// <summary>torchstat's rules for <see cref="BatchNorm2d"/>.</summary>
public static class BatchNorm2dCounter
{
    /// <summary>
    /// MAdd <c>4·C·H·W</c> per sample (subtract mean, divide by std, scale, shift; with or without affine); Flops
    /// <c>numel(in)·(2 if affine else 1)</c>; read <c>B·(C·H·W + 2·C)</c> elements; write <c>numel(in)</c>; no MACs.
    /// </summary>
    /// <exception cref="NotSupportedException">Input or output is not 4-D.</exception>
    public static LayerCounts Count(BatchNorm2d module, LayerCall call)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(call);
        CounterGuards.RequireRank(call, 4, nameof(BatchNorm2d));
        checked
        {
            var channels = call.InputShape[1];
            var madd = 4 * call.InputElementsPerSample;
            var flops = call.InputElements * (module.affine ? 2 : 1);
            var read = call.BatchSize * (call.InputElementsPerSample + (2 * channels));
            var write = call.InputElements;
            return new LayerCounts(madd, flops, read * call.ElementSize, write * call.ElementSize, 0);
        }
    }
}
