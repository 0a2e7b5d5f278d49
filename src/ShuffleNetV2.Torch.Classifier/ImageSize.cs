using System.Globalization;

namespace ShuffleNet.Torch.Classifier;

/// <summary>An image size in pixels: a crop, or a network's input.</summary>
/// <param name="Height">Rows.</param>
/// <param name="Width">Columns.</param>
public readonly record struct ImageSize(int Height, int Width)
{
    /// <summary>A square of <paramref name="side"/> pixels.</summary>
    /// <param name="side">Height and width.</param>
    /// <returns>The size.</returns>
    public static ImageSize Square(int side) => new(side, side);

    /// <summary>Whether height and width are equal.</summary>
    public bool IsSquare => Height == Width;

    /// <summary>"224" for a square, "224x160" (height x width) otherwise.</summary>
    /// <returns>The size as text.</returns>
    public override string ToString() =>
        IsSquare ? Height.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{Height}x{Width}");
}
