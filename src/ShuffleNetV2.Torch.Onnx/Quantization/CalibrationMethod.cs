namespace ShuffleNet.Torch.Onnx.Quantization;

/// <summary>How the calibration pass turns the activations it saw into the range each 8-bit activation covers.</summary>
public enum CalibrationMethod
{
    /// <summary>
    /// The smallest and largest value seen. Nothing is clipped, so one outlier in the calibration data widens the
    /// quantization step for every value.
    /// </summary>
    MinMax,

    /// <summary>
    /// The values at <see cref="OnnxQuantizationOptions.Percentile"/> and at 100 minus it, per activation (from a
    /// histogram of every value seen): the rarest outliers are clipped, the rest keep a finer step.
    /// </summary>
    Percentile,

    /// <summary>
    /// TensorRT's entropy calibration: per side of zero, the clipping threshold whose rounded histogram is closest to
    /// the full one in Kullback-Leibler divergence.
    /// </summary>
    Entropy,
}
