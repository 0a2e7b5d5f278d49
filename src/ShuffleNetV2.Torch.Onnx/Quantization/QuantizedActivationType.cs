namespace ShuffleNet.Torch.Onnx.Quantization;

/// <summary>
/// The element type the quantized model stores its activations in. Both hold the same 256 levels with the same scale
/// (an int8 value is the uint8 one minus 128), so they give the same numbers; what differs is which ONNX Runtime
/// kernels the file reaches (see the package's README for the measurements).
/// </summary>
public enum QuantizedActivationType
{
    /// <summary>
    /// uint8, zero point in [0, 255]: with the int8 weights, the U8S8 format that ONNX Runtime's x86 integer kernels
    /// take. The default.
    /// </summary>
    U8,

    /// <summary>
    /// int8, zero point in [−128, 127]: the S8S8 format. ONNX Runtime's CPU provider on x86 only fuses int8 activations
    /// into integer kernels where a <c>QuantizeLinear</c> feeds a <c>DequantizeLinear</c> directly (it turns such pairs
    /// into uint8); this graph runs the max pool, split and channel shuffle on the stored values themselves, so there
    /// the convolutions stay in float. ARM CPUs run S8S8 natively.
    /// </summary>
    S8,
}
