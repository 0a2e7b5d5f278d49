using System;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Onnx.Quantization;

/// <summary>
/// Symmetric int8 weights with one scale per output channel (zero point 0), and int32 biases in the step
/// <c>input scale × weight scale</c> that the integer kernels accumulate in.
/// </summary>
internal static class WeightQuantization
{
    /// <summary>Quantizes <paramref name="weight"/> (output channels first) to integers in [−<paramref name="maxLevel"/>, <paramref name="maxLevel"/>].</summary>
    public static (sbyte[] Values, float[] Scales) PerOutputChannel(Tensor weight, int maxLevel)
    {
        using var scope = NewDisposeScope();
        var channels = weight.shape[0];
        var flat = weight.detach().to(ScalarType.Float32, CPU).reshape(channels, -1);
        var scales = flat.abs().amax([1]).div_(maxLevel);
        // A channel of zeros keeps step 1: its weights are exactly 0 whatever the step.
        scales = where(scales.gt(0), scales, ones_like(scales));
        var quantized = flat.div(scales.unsqueeze(1)).round_().clamp_(-maxLevel, maxLevel).to(ScalarType.Int8);
        return (quantized.data<sbyte>().ToArray(), scales.data<float>().ToArray());
    }

    /// <summary>The bias in steps of <c>inputScale · weightScales[c]</c>, rounded and kept inside int32.</summary>
    public static int[] Bias(Tensor bias, float inputScale, float[] weightScales)
    {
        var values = bias.detach().to(ScalarType.Float32, CPU).data<float>().ToArray();
        var quantized = new int[values.Length];
        for (var c = 0; c < values.Length; c++)
        {
            var step = (double)inputScale * weightScales[c];
            quantized[c] = (int)Math.Clamp(Math.Round(values[c] / step), int.MinValue, int.MaxValue);
        }

        return quantized;
    }
}
