namespace ShuffleNet.Torch.Onnx.Quantization;

/// <summary>
/// How far one activation of the quantized model, as ONNX Runtime computes it with its integer kernels and
/// dequantized, lies from the float network's on the same batch. Errors accumulate: each layer's error includes that
/// of the layers before it.
/// </summary>
/// <param name="Name">The activation (see <see cref="QuantizedActivation.Name"/>), or <c>output</c> for the logits.</param>
/// <param name="Scale">The activation's quantization step, or <see langword="null"/> for the float logits.</param>
/// <param name="MaxAbsReference">The largest magnitude of the float activation.</param>
/// <param name="MaxAbsError">The largest difference between the dequantized and the float activation.</param>
/// <param name="RelativeError">The norm of the difference over the norm of the float activation (0 when both are zero).</param>
public sealed record LayerQuantizationError(string Name, float? Scale, double MaxAbsReference, double MaxAbsError, double RelativeError);
