using System;
using System.Linq;
using TorchSharp;

namespace TorchStats;

/// <summary>
/// The stated rule for normalizations that compute their statistics from the input at inference (GroupNorm,
/// LayerNorm, InstanceNorm1d/2d/3d), which torchstat does not count: torchstat's BatchNorm2d rule for the
/// normalization itself, plus the mean and variance that BatchNorm reads from its running buffers. Every statistic is
/// taken over a group of elements (a channel group, the normalized shape, or one channel of one sample), and the
/// counts below hold exactly for any grouping.
/// </summary>
public static class NormalizationCounter
{
    /// <summary>
    /// With <c>E</c> the input elements of one sample and "affine" meaning the layer has parameters:
    /// MAdd <c>8·E</c> per sample: the mean (one addition per element, with one division per group in place of its
    /// last addition: <c>E</c>), the variance (subtract, square, add, with the same division: <c>3·E</c>) and
    /// torchstat's BatchNorm2d count of the normalization (<c>4·E</c>); Flops <c>numel(in)·(4 if affine else 3)</c>:
    /// torchstat's BatchNorm2d Flops plus one for the mean and one for the variance per element; read
    /// <c>B·(E + trainable params)</c> elements (the input, and the weights once per sample); write <c>numel(in)</c>;
    /// no MACs. Any rank.
    /// </summary>
    public static LayerCounts Count(torch.nn.Module module, LayerCall call)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(call);
        checked
        {
            var affine = module.parameters().Any();
            var madd = 8 * call.InputElementsPerSample;
            var flops = call.InputElements * (affine ? 4 : 3);
            var read = call.BatchSize * (call.InputElementsPerSample + CounterGuards.TrainableParameters(module));
            return new LayerCounts(madd, flops, read * call.ElementSize, call.InputElements * call.ElementSize, 0);
        }
    }
}
