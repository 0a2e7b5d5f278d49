using System;
using TorchSharp.Modules;

namespace TorchStats;

/// <summary>
/// torchstat's <see cref="BatchNorm2d"/> rule for any input of shape <c>[B, C, ...]</c>: the stated rule for
/// <see cref="BatchNorm1d"/> and <see cref="BatchNorm3d"/>, which torchstat does not count. On a 4-D call it gives
/// exactly <see cref="BatchNorm2dCounter"/>'s numbers.
/// </summary>
public static class BatchNormNdCounter
{
    /// <summary>
    /// With <c>E</c> the input elements of one sample: MAdd <c>4·E</c> per sample (subtract mean, divide by std, scale,
    /// shift; with or without affine); Flops <c>numel(in)·(2 if affine else 1)</c>; read <c>B·(E + 2·C)</c> elements;
    /// write <c>numel(in)</c>; no MACs.
    /// </summary>
    /// <exception cref="NotSupportedException">The input has no channel dimension.</exception>
    public static LayerCounts Count(BatchNorm module, LayerCall call)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(call);
        if (call.InputRank < 2)
        {
            throw new NotSupportedException($"{module.GetType().Name} is counted for input [batch, channels, ...], got {call}.");
        }

        checked
        {
            var channels = call.InputShape[1];
            var madd = 4 * call.InputElementsPerSample;
            var flops = call.InputElements * (module.affine ? 2 : 1);
            var read = call.BatchSize * (call.InputElementsPerSample + (2 * channels));
            return new LayerCounts(madd, flops, read * call.ElementSize, call.InputElements * call.ElementSize, 0);
        }
    }
}
