using System;
using System.Linq;
using TorchSharp.Modules;

namespace TorchStats;

/// <summary>
/// torchstat's <see cref="Conv2d"/> rule for convolutions over any number of spatial dimensions: the stated rule for
/// <see cref="Conv1d"/> and <see cref="Conv3d"/>, which torchstat does not count. On a 2-D call it gives exactly
/// <see cref="Conv2dCounter"/>'s numbers.
/// </summary>
public static class ConvNdCounter
{
    /// <summary>
    /// With <c>Πk</c> the product of the kernel sizes, <c>K = Πk·(C_in/g)</c> and <c>P</c> the product of the output's
    /// spatial sizes: MAdd <c>(K + K − 1 + [bias])·P·C_out</c> per sample; Flops <c>B·P·Πk·C_in·(C_out/g)</c> + bias
    /// <c>B·P·C_out</c>; read <c>B·(input elements of one sample + trainable params)</c>; write <c>numel(out)</c>; MACs
    /// <c>B·P·K·C_out</c>. Integer divisions as in torchstat.
    /// </summary>
    /// <exception cref="NotSupportedException">Input or output rank is not 2 plus the kernel's dimensions.</exception>
    public static LayerCounts Count(Convolution module, LayerCall call)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(call);
        var kernel = module.kernel_size;
        CounterGuards.RequireRank(call, kernel.Length + 2, module.GetType().Name);
        checked
        {
            var batch = call.BatchSize;
            var inChannels = call.InputShape[1];
            var outChannels = call.OutputShape[1];
            var kernelElements = kernel.Aggregate(1L, (a, b) => a * b);
            var positions = call.OutputShape.Skip(2).Aggregate(1L, (a, b) => a * b);
            var groups = module.groups;
            var hasBias = module.bias is not null;

            var kernelMul = kernelElements * (inChannels / groups);
            var kernelAdd = kernelMul - 1 + (hasBias ? 1 : 0);
            var perGroupPositions = positions * (outChannels / groups);
            var madd = (kernelMul * perGroupPositions * groups) + (kernelAdd * perGroupPositions * groups);

            var activePositions = batch * positions;
            var flops = (kernelElements * inChannels * (outChannels / groups) * activePositions)
                + (hasBias ? outChannels * activePositions : 0);

            var read = batch * (call.InputElementsPerSample + CounterGuards.TrainableParameters(module));
            var write = call.OutputElements;
            var macs = kernelMul * outChannels * activePositions;
            return new LayerCounts(madd, flops, read * call.ElementSize, write * call.ElementSize, macs);
        }
    }
}
