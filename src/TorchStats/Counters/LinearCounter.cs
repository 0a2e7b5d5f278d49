using System;
using System.Linq;
using TorchSharp.Modules;

namespace TorchStats;

/// <summary>torchstat's rules for <see cref="Linear"/> (2-D input), extended to inputs with more dimensions.</summary>
public static class LinearCounter
{
    /// <summary>
    /// With <c>I</c>, <c>O</c> the input and output features (last dimensions) and <c>R</c> the product of the dimensions
    /// between batch and features (1 for 2-D input, the only case torchstat accepts): MAdd <c>R·O·(2·I − 1)</c> per
    /// sample (bias ignored); Flops <c>B·R·I·O</c>; read <c>B·(R·I + trainable params)</c>; write <c>numel(out)</c>;
    /// MACs <c>B·R·I·O</c>. A 1-D input (one unbatched vector) counts as <c>B = 1</c>, <c>R = 1</c>.
    /// </summary>
    /// <exception cref="NotSupportedException">Input and output differ in rank.</exception>
    public static LayerCounts Count(Linear module, LayerCall call)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(call);
        if (call.InputRank < 1 || call.OutputShape.Count != call.InputRank)
        {
            throw new NotSupportedException($"Linear is counted for input [..., features] and output of the same rank, got {call}.");
        }

        checked
        {
            var inFeatures = call.InputShape[^1];
            var outFeatures = call.OutputShape[^1];
            var batch = call.InputRank == 1 ? 1 : call.BatchSize;
            var rows = call.InputShape.Skip(1).SkipLast(1).Aggregate(1L, (a, b) => a * b);
            var madd = rows * outFeatures * ((2 * inFeatures) - 1);
            var products = batch * rows * inFeatures * outFeatures;
            var read = batch * ((rows * inFeatures) + CounterGuards.TrainableParameters(module));
            return new LayerCounts(madd, products, read * call.ElementSize, call.OutputElements * call.ElementSize, products);
        }
    }
}
