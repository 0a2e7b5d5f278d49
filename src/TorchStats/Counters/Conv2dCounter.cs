using System;
using TorchSharp.Modules;

namespace TorchStats;

/// <summary>torchstat's rules for <see cref="Conv2d"/> (groups, bias, stride, padding and dilation act through the shapes and settings).</summary>
public static class Conv2dCounter
{
    /// <summary>
    /// With <c>K = k_h·k_w·(C_in/g)</c>: MAdd <c>(K + K − 1 + [bias])·H_out·W_out·C_out</c> per sample; Flops
    /// <c>B·H_out·W_out·k_h·k_w·C_in·(C_out/g)</c> + bias <c>B·H_out·W_out·C_out</c>; read <c>B·(C_in·H_in·W_in + trainable params)</c>
    /// elements; write <c>B·C_out·H_out·W_out</c>; MACs <c>B·H_out·W_out·K·C_out</c>. Integer divisions as in torchstat.
    /// </summary>
    /// <exception cref="NotSupportedException">Input or output is not 4-D.</exception>
    public static LayerCounts Count(Conv2d module, LayerCall call)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(call);
        CounterGuards.RequireRank(call, 4, nameof(Conv2d));
        checked
        {
            var batch = call.BatchSize;
            var inChannels = call.InputShape[1];
            var (outChannels, outHeight, outWidth) = (call.OutputShape[1], call.OutputShape[2], call.OutputShape[3]);
            var (kernelHeight, kernelWidth) = CounterGuards.Kernel2d(module.kernel_size);
            var groups = module.groups;
            var hasBias = module.bias is not null;

            var kernelMul = kernelHeight * kernelWidth * (inChannels / groups);
            var kernelAdd = kernelMul - 1 + (hasBias ? 1 : 0);
            var perGroupPositions = outHeight * outWidth * (outChannels / groups);
            var madd = (kernelMul * perGroupPositions * groups) + (kernelAdd * perGroupPositions * groups);

            var activePositions = batch * outHeight * outWidth;
            var flops = (kernelHeight * kernelWidth * inChannels * (outChannels / groups) * activePositions)
                + (hasBias ? outChannels * activePositions : 0);

            var read = batch * (call.InputElementsPerSample + CounterGuards.TrainableParameters(module));
            var write = batch * outChannels * outHeight * outWidth;
            var macs = kernelMul * outChannels * activePositions;
            return new LayerCounts(madd, flops, read * call.ElementSize, write * call.ElementSize, macs);
        }
    }
}
