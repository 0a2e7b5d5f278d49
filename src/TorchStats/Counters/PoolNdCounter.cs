using System;
using System.Linq;
using TorchSharp.Modules;

namespace TorchStats;

/// <summary>
/// torchstat's <see cref="MaxPool2d"/> and <see cref="AvgPool2d"/> rules over any number of spatial dimensions: the
/// stated rule for the 1-D and 3-D pools, which torchstat does not count. On a 2-D call they give exactly
/// <see cref="MaxPool2dCounter"/>'s and <see cref="AvgPool2dCounter"/>'s numbers.
/// </summary>
public static class PoolNdCounter
{
    /// <summary>
    /// Max pooling with <c>Πk</c> the product of the kernel sizes: MAdd <c>(Πk − 1)·numel(out of one sample)</c>
    /// (comparisons); Flops <c>numel(in)</c>; read <c>numel(in)</c>; write <c>numel(out)</c>; no MACs.
    /// </summary>
    /// <exception cref="NotSupportedException">The input is not <c>[B, C, L]</c>.</exception>
    public static LayerCounts Count(MaxPool1d module, LayerCall call)
    {
        ArgumentNullException.ThrowIfNull(module);
        return Max([module.kernel_size], call, nameof(MaxPool1d));
    }

    /// <inheritdoc cref="Count(MaxPool1d, LayerCall)"/>
    /// <exception cref="NotSupportedException">The input is not <c>[B, C, D, H, W]</c>.</exception>
    public static LayerCounts Count(MaxPool3d module, LayerCall call)
    {
        ArgumentNullException.ThrowIfNull(module);
        return Max(Kernel(module.kernel_size, 3), call, nameof(MaxPool3d));
    }

    /// <summary>
    /// Average pooling with <c>Πk</c> the product of the kernel sizes: MAdd <c>(Πk − 1 + 1)·numel(out of one sample)</c>
    /// (additions and one division); Flops <c>numel(in)</c>; read <c>numel(in)</c>; write <c>numel(out)</c>; no MACs.
    /// </summary>
    /// <exception cref="NotSupportedException">The input is not <c>[B, C, L]</c>.</exception>
    public static LayerCounts Count(AvgPool1d module, LayerCall call)
    {
        ArgumentNullException.ThrowIfNull(module);
        return Average([module.kernel_size], call, nameof(AvgPool1d));
    }

    /// <inheritdoc cref="Count(AvgPool1d, LayerCall)"/>
    /// <exception cref="NotSupportedException">The input is not <c>[B, C, D, H, W]</c>.</exception>
    public static LayerCounts Count(AvgPool3d module, LayerCall call)
    {
        ArgumentNullException.ThrowIfNull(module);
        return Average(Kernel(module.kernel_size, 3), call, nameof(AvgPool3d));
    }

    private static LayerCounts Max(long[] kernel, LayerCall call, string layer)
    {
        ArgumentNullException.ThrowIfNull(call);
        CounterGuards.RequireRank(call, kernel.Length + 2, layer);
        checked
        {
            var madd = (Product(kernel) - 1) * call.OutputElementsPerSample;
            return new LayerCounts(madd, call.InputElements, call.InputElements * call.ElementSize, call.OutputElements * call.ElementSize, 0);
        }
    }

    private static LayerCounts Average(long[] kernel, LayerCall call, string layer)
    {
        ArgumentNullException.ThrowIfNull(call);
        CounterGuards.RequireRank(call, kernel.Length + 2, layer);
        checked
        {
            var madd = Product(kernel) * call.OutputElementsPerSample;
            return new LayerCounts(madd, call.InputElements, call.InputElements * call.ElementSize, call.OutputElements * call.ElementSize, 0);
        }
    }

    /// <summary>A kernel of <paramref name="dimensions"/> sizes; a single value means the same size in every dimension.</summary>
    private static long[] Kernel(long[] kernelSize, int dimensions) =>
        kernelSize.Length == 1 ? Enumerable.Repeat(kernelSize[0], dimensions).ToArray() : kernelSize;

    private static long Product(long[] values) => values.Aggregate(1L, (a, b) => checked(a * b));
}
