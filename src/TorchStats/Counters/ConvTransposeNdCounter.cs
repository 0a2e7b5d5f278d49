using System;
using System.Linq;
using TorchSharp.Modules;

namespace TorchStats;

/// <summary>
/// torchstat's <see cref="ConvTranspose2d"/> rule over any number of spatial dimensions: the stated rule for
/// <see cref="ConvTranspose1d"/> and <see cref="ConvTranspose3d"/>, with torchstat's gaps kept (no Flops or memory), so
/// that a transposed convolution counts the same way in 1, 2 or 3 dimensions. On a 2-D call it gives exactly
/// <see cref="ConvTranspose2dCounter"/>'s numbers.
/// </summary>
public static class ConvTransposeNdCounter
{
    /// <summary>
    /// With <c>Πk</c> the product of the kernel sizes, <c>K = Πk·(C_in/g)</c> and <c>P_in</c> the product of the INPUT's
    /// spatial sizes: MAdd <c>(K + K − 1 + [bias])·P_in·C_out</c> per sample; Flops, read and write 0 (as torchstat for
    /// 2-D); MACs <c>B·C_in·P_in·Πk·(C_out/g)</c>, each input element meeting its group's kernels once.
    /// </summary>
    /// <exception cref="NotSupportedException">Input or output rank is not 2 plus the kernel's dimensions.</exception>
    public static LayerCounts Count(ConvolutionTranspose module, LayerCall call)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(call);
        var kernel = module.kernel_size;
        CounterGuards.RequireRank(call, kernel.Length + 2, module.GetType().Name);
        checked
        {
            var inChannels = call.InputShape[1];
            var outChannels = call.OutputShape[1];
            var kernelElements = kernel.Aggregate(1L, (a, b) => a * b);
            var inputPositions = call.InputShape.Skip(2).Aggregate(1L, (a, b) => a * b);
            var groups = module.groups;

            var kernelMul = kernelElements * (inChannels / groups);
            var kernelAdd = kernelMul - 1 + (module.bias is null ? 0 : 1);
            var perGroupPositions = inputPositions * (outChannels / groups);
            var madd = (kernelMul * perGroupPositions * groups) + (kernelAdd * perGroupPositions * groups);
            var macs = call.BatchSize * inChannels * inputPositions * kernelElements * (outChannels / groups);
            return new LayerCounts(madd, 0, 0, 0, macs);
        }
    }
}
