// Ported from torchvision's models/shufflenetv2.py (https://github.com/pytorch/vision, BSD-3-Clause licence), in the reference model's form.
using System;
using TorchShared;
using static TorchSharp.torch;

namespace ShuffleNet.Torch;

/// <summary>The network's free functions, as in the reference model and torchvision.</summary>
public static class Functional
{
    /// <summary>
    /// Channel shuffle: splits the channels into <paramref name="groups"/> groups and interleaves them,
    /// exactly as the reference model's <c>channel_shuffle</c> (view → transpose → contiguous → view).
    /// </summary>
    /// <param name="x">A tensor of shape [batch, channels, height, width].</param>
    /// <param name="groups">The number of groups; must divide the channel count.</param>
    /// <returns>A new tensor of the same shape with the channels reordered.</returns>
    /// <exception cref="ArgumentException">The tensor is not 4-D, or its channels do not divide by <paramref name="groups"/>.</exception>
    public static Tensor ChannelShuffle(Tensor x, long groups)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.dim() != 4)
        {
            throw new ArgumentException($"ChannelShuffle needs a 4-D tensor [batch, channels, height, width], got shape {ShapeText.Format(x.shape)}.", nameof(x));
        }

        var (batchSize, numChannels, height, width) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3]);
        if (groups <= 0 || numChannels % groups != 0)
        {
            throw new ArgumentException($"ChannelShuffle cannot split the {numChannels} channels of a tensor of shape {ShapeText.Format(x.shape)} into {groups} equal groups.", nameof(groups));
        }

        using var scope = NewDisposeScope();
        var channelsPerGroup = numChannels / groups;
        var grouped = (x.is_contiguous() ? x : x.contiguous()).view(batchSize, groups, channelsPerGroup, height, width);
        var transposed = grouped.transpose(1, 2).contiguous();
        return transposed.view(batchSize, -1, height, width).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// <c>ChannelShuffle(cat([first, second], dim: 1), 2)</c> in one copy instead of two: stacking the two halves on a
    /// new axis right after the channels puts channel i of <paramref name="first"/> at 2i and of <paramref name="second"/>
    /// at 2i + 1, exactly the shuffle's order. The same values (pure data movement); forward and backward move half the
    /// memory. The result has the memory format of <paramref name="second"/> (a branch's convolution output): channels-last
    /// branches give a channels-last result, where the new axis is the innermost one, so the next layers stay channels-last.
    /// A branch that is both (1×1 spatial, where the strides of size-1 dimensions do not count) gives the contiguous
    /// result: libtorch picks a convolution's kernels from its input's strides, and a channels-last result there would
    /// change the float rounding of networks that never asked for channels-last.
    /// </summary>
    internal static Tensor ConcatenateAndShuffle(Tensor first, Tensor second)
    {
        using var scope = NewDisposeScope();
        var (batchSize, height, width) = (first.shape[0], first.shape[2], first.shape[3]);
        if (ChannelsLast.Is(second) && !second.is_contiguous())
        {
            // [batch, height, width, channels, 2] is dense, and channel c of the result is its element (c / 2, c % 2).
            return stack([first.permute(0, 2, 3, 1), second.permute(0, 2, 3, 1)], dim: 4)
                .view(batchSize, height, width, -1)
                .permute(0, 3, 1, 2)
                .MoveToOuterDisposeScope();
        }

        // reshape: a view of the stacked tensor when its layout allows one (always, for contiguous branches).
        return stack([first, second], dim: 2).reshape(batchSize, -1, height, width).MoveToOuterDisposeScope();
    }
}
