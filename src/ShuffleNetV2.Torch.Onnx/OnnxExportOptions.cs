using System;

namespace ShuffleNet.Torch.Onnx;

/// <summary>Choices for <see cref="OnnxExport"/>. The batch dimension is always dynamic.</summary>
public sealed class OnnxExportOptions
{
    /// <summary>The default: dynamic batch, height and width.</summary>
    public static OnnxExportOptions Default { get; } = new();

    /// <summary>A fixed input height in pixels written into the graph, or <see langword="null"/> (default) for any height.</summary>
    public int? InputHeight { get; init; }

    /// <summary>A fixed input width in pixels written into the graph, or <see langword="null"/> (default) for any width.</summary>
    public int? InputWidth { get; init; }

    internal void Validate(string paramName)
    {
        if (InputHeight is < 1 || InputWidth is < 1)
        {
            throw new ArgumentOutOfRangeException(
                paramName,
                $"The input size {InputHeight?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "any"}×{InputWidth?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "any"} is too small: InputHeight and InputWidth must be at least 1 pixel (or null for any size).");
        }
    }
}
