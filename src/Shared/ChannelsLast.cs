using System;
using static TorchSharp.torch;

namespace TorchShared;

/// <summary>
/// The channels-last (NHWC) memory format of 4-D tensors, which TorchSharp 0.107 has no API for: PyTorch's
/// <c>x.to(memory_format=torch.channels_last)</c> and <c>x.is_contiguous(memory_format=torch.channels_last)</c>
/// written with strides. libtorch decides the layout of a convolution (and of BatchNorm, ReLU and pooling)
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
    /// <paramref name="x"/> itself when it has the strides of a dense NHWC tensor already or is not 4-D, otherwise a
    /// copy with those strides: the same shape and values. As PyTorch's <c>x.to(memory_format=torch.channels_last)</c>,
    /// a tensor with one channel gets channels-last strides too (its contiguous strides are the same layout in memory,
    /// but libtorch reads the strides to choose the layout of the next layer's output). A copy belongs to the caller's
    /// dispose scope; the tensor itself is returned as it is, so a caller must not dispose the result without checking
    /// which it got.
    /// </summary>
    public static Tensor From(Tensor x)
    {
        if (x.dim() != 4)
        {
            return x;
        }

        var shape = x.shape;
        long[] strides = [shape[1] * shape[2] * shape[3], 1, shape[3] * shape[1], shape[1]];
        if (x.stride().AsSpan().SequenceEqual(strides))
        {
            return x;
        }

        var result = empty_strided(shape, strides, x.dtype, x.device);
        return result.copy_(x);
    }
}
