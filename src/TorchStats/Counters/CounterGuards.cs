using System;
using System.Linq;
using TorchSharp;

namespace TorchStats;

internal static class CounterGuards
{
    public static void RequireRank(LayerCall call, int rank, string layer)
    {
        if (call.InputShape.Count != rank || call.OutputShape.Count != rank)
        {
            throw new NotSupportedException($"{layer} is counted for {rank}-D input and output (batch first), got {call}.");
        }
    }

    /// <summary>Elements of the module's parameters that require gradients: torchstat's <c>num_params</c> in its memory rules.</summary>
    public static long TrainableParameters(torch.nn.Module module) =>
        module.parameters(recurse: true).Where(p => p.requires_grad).Sum(p => p.numel());

    /// <summary>A 2-D kernel size; a single value means a square kernel, as in torchstat's pooling rules.</summary>
    public static (long Height, long Width) Kernel2d(long[] kernelSize) => kernelSize.Length switch
    {
        1 => (kernelSize[0], kernelSize[0]),
        2 => (kernelSize[0], kernelSize[1]),
        _ => throw new NotSupportedException($"A 2-D kernel needs 1 or 2 sizes, got [{string.Join(", ", kernelSize)}]."),
    };
}
