namespace ShuffleNet.Torch.Imaging;

/// <summary>An 8-bit RGB image, rows top to bottom, pixels interleaved (R, G, B).</summary>
internal sealed record RgbImage(int Width, int Height, byte[] Pixels)
{
    public const int Channels = 3;
}
