using System;
using TorchSharp.Modules;

namespace TorchStats;

/// <summary>torchstat's rules for <see cref="ConvTranspose2d"/>: MAdd only (torchstat counts no Flops or memory for it), plus MACs.</summary>
public static class ConvTranspose2dCounter
{
    /// <summary>
    /// With <c>K = k_h·k_w·(C_in/g)</c>: MAdd <c>(K + K − 1 + [bias])·H_in·W_in·C_out</c> per sample (torchstat uses the
    /// INPUT's height and width here); Flops, read and write 0 (unsupported in torchstat); MACs
    /// <c>B·C_in·H_in·W_in·k_h·k_w·(C_out/g)</c>, each input element meeting its group's kernels once.
    /// </summary>
    /// <exception cref="NotSupportedException">Input or output is not 4-D.</exception>
    public static LayerCounts Count(ConvTranspose2d module, LayerCall call)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(call);
        CounterGuards.RequireRank(call, 4, nameof(ConvTranspose2d));
        checked
        {
            var (inChannels, inHeight, inWidth) = (call.InputShape[1], call.InputShape[2], call.InputShape[3]);
            var outChannels = call.OutputShape[1];
            var (kernelHeight, kernelWidth) = CounterGuards.Kernel2d(module.kernel_size);
            var groups = module.groups;

            var kernelMul = kernelHeight * kernelWidth * (inChannels / groups);
            var kernelAdd = kernelMul - 1 + (module.bias is null ? 0 : 1);
            var perGroupPositions = inHeight * inWidth * (outChannels / groups);
            var madd = (kernelMul * perGroupPositions * groups) + (kernelAdd * perGroupPositions * groups);
            var macs = call.BatchSize * inChannels * inHeight * inWidth * kernelHeight * kernelWidth * (outChannels / groups);
            return new LayerCounts(madd, 0, 0, 0, macs);
        }
    }
}
