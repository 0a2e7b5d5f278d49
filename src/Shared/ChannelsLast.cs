using System;
using static TorchSharp.torch;

namespace TorchShared;

/// <summary>
/// The channels-last (NHWC) memory format of 4-D tensors, which TorchSharp 0.107 has no API for: PyTorch's
/// <c>x.contiguous(memory_format=torch.channels_last)</c> and <c>x.is_contiguous(memory_format=torch.channels_last)</c>
/// written with permute and strides. libtorch decides the layout of a convolution (and of BatchNorm, ReLU and pooling)
/// from its input's strides, so a channels-last input keeps every later activation channels-last.
/// </summary>
internal static class ChannelsLast
{
    /// <summary>
    /// Whether <paramref name="x"/> is 4-D and laid out densely as [batch, height, width, channels], as PyTorch's
    /// <c>is_contiguous(memory_format=torch.channels_last)</c> decides it (dimensions of size 1 may have any stride).
    /// </summary>
    public static bool Is(Tensor x)
    {
        if (x.dim() != 4)
        {
            return false;
        }

        var shape = x.shape;
        var strides = x.stride();
        long expected = 1;
        foreach (var dim in (ReadOnlySpan<int>)[1, 3, 2, 0])
        {
            if (shape[dim] != 1 && strides[dim] != expected)
            {
                return false;
            }

            expected *= shape[dim];
        }

        return true;
    }

    /// <summary>
    /// <paramref name="x"/> itself when it is already channels-last or not 4-D, otherwise a channels-last copy: the same
    /// shape and values, with the strides of an NHWC tensor. A copy belongs to the caller's dispose scope; the tensor itself
    /// is returned as it is, so a caller must not dispose the result without checking which it got.
    /// </summary>
    public static Tensor From(Tensor x) => x.dim() != 4 || Is(x) ? x : x.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);
}
