namespace TorchTraining.Transforms;

/// <summary>A rectangle as torchvision's <c>get_params</c> return it: (i, j, h, w) = (top, left, height, width).</summary>
internal readonly record struct CropBox(int Top, int Left, int Height, int Width);
