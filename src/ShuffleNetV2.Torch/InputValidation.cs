using System;
using TorchShared;
using static TorchSharp.torch;

namespace ShuffleNet.Torch;

/// <summary>Checks an image batch against a network before the first layer sees it, so errors name the problem.</summary>
internal static class InputValidation
{
    public const long ImageChannels = 3;

    /// <summary>The network halves the resolution five times (conv1, maxpool, three stages), rounding up.</summary>
    public const int Downsamplings = 5;

    public static void ValidateImageBatch(Tensor input, Tensor anyParameter, bool training, string model)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.dim() != 4 || input.shape[1] != ImageChannels)
        {
            throw new ArgumentException($"{model} needs input of shape [batch, {ImageChannels}, height, width], got {ShapeText.Format(input.shape)}.", nameof(input));
        }

        if (input.shape[0] < 1 || input.shape[2] < 1 || input.shape[3] < 1)
        {
            throw new ArgumentException($"{model} needs a batch of at least one image of at least 1×1 pixels, got shape {ShapeText.Format(input.shape)}.", nameof(input));
        }

        if (input.dtype != anyParameter.dtype)
        {
            throw new ArgumentException($"{model} has {anyParameter.dtype} parameters but the input is {input.dtype}; convert it with input.to({anyParameter.dtype}).", nameof(input));
        }

        if (input.device.type != anyParameter.device.type || input.device.index != anyParameter.device.index)
        {
            throw new ArgumentException($"{model} is on device {anyParameter.device} but the input is on {input.device}; move one of them with .to(device).", nameof(input));
        }

        if (training && input.shape[0] * FinalSize(input.shape[2]) * FinalSize(input.shape[3]) < 2)
        {
            throw new ArgumentException(
                $"In training mode BatchNorm needs more than one value per channel, but input of shape {ShapeText.Format(input.shape)} leaves one value per channel after {Downsamplings} halvings; "
                + "use a batch of two or more, an image larger than 32 pixels on one side, or eval mode.",
                nameof(input));
        }
    }

    private static long FinalSize(long size)
    {
        for (var i = 0; i < Downsamplings; i++)
        {
            size = (size + 1) / 2;
        }

        return size;
    }
}
