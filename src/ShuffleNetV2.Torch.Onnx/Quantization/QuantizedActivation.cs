using System;

namespace ShuffleNet.Torch.Onnx.Quantization;

/// <summary>
/// How one activation of the quantized model is stored: as uint8 <c>q</c> standing for <c>(q - ZeroPoint) · Scale</c>,
/// covering [<see cref="RangeMin"/>, <see cref="RangeMax"/>] (the calibrated range widened to include zero, so that zero
/// padding and ReLU's zeros are exact). Values outside it saturate to 0 or 255. A model with int8 activations
/// (<see cref="QuantizedActivationType.S8"/>) stores <c>q − 128</c> with the zero point <c>ZeroPoint − 128</c>: the
/// same levels.
/// </summary>
/// <param name="Name">
/// The activation: <c>input</c>, a layer's output named by its last module (<c>conv1.2</c>, <c>inverted_block.0.branch1.0</c>),
/// a unit's output (<c>inverted_block.3</c>) or <c>mean</c> (the pooled features entering <c>fc</c>).
/// </param>
/// <param name="ObservedMin">The smallest value the calibration pass saw.</param>
/// <param name="ObservedMax">The largest value the calibration pass saw.</param>
/// <param name="RangeMin">The lower end of the stored range (at most 0).</param>
/// <param name="RangeMax">The upper end of the stored range (at least 0).</param>
/// <param name="Scale">The step between two stored values.</param>
/// <param name="ZeroPoint">The stored value of zero.</param>
public sealed record QuantizedActivation(string Name, double ObservedMin, double ObservedMax, double RangeMin, double RangeMax, float Scale, byte ZeroPoint)
{
    private const int Steps = byte.MaxValue;

    /// <summary>The int8 zero point that stores the same levels as the uint8 one.</summary>
    internal static sbyte SignedZeroPoint(byte zeroPoint) => (sbyte)(zeroPoint - 128);

    /// <summary>uint8 parameters for a range; the range is widened to include zero and the zero point rounded.</summary>
    internal static QuantizedActivation FromRange(string name, double observedMin, double observedMax, double low, double high)
    {
        low = Math.Min(low, 0);
        high = Math.Max(high, 0);
        var scale = (float)((high - low) / Steps);
        if (!(scale > 0) || !float.IsFinite(scale))
        {
            // Only zeros were seen: any positive step stores them exactly.
            scale = 1f;
        }

        var zeroPoint = (byte)Math.Clamp(Math.Round(-low / scale), 0, Steps);
        return new QuantizedActivation(name, observedMin, observedMax, low, high, scale, zeroPoint);
    }
}
