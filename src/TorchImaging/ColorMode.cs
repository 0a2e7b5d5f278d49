namespace TorchImaging;

/// <summary>The pixel format a file is decoded to, named after PIL's <c>Image.convert</c> modes. The value is the channel count.</summary>
public enum ColorMode
{
    /// <summary>One grey channel, as PIL's <c>convert("L")</c>: L = (R × 19595 + G × 38470 + B × 7471 + 2¹⁵) >> 16, ITU-R 601-2 luma in 16-bit fixed point.</summary>
    Gray = 1,

    /// <summary>Three channels R, G, B, as PIL's <c>convert("RGB")</c>: alpha dropped (not blended), grey replicated.</summary>
    Rgb = 3,
}
