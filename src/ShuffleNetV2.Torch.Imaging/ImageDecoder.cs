using System.IO;
using SkiaSharp;

namespace ShuffleNet.Torch.Imaging;

/// <summary>
/// Decodes an image file to 8-bit RGB as PIL's <c>Image.open(path).convert("RGB")</c> does: no colour-space
/// conversion, no EXIF rotation, alpha dropped (not blended), grey replicated to the three channels.
/// </summary>
internal static class ImageDecoder
{
    public static RgbImage Decode(string path)
    {
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"Image file '{fullPath}' does not exist.", fullPath);
        }

        if (new FileInfo(fullPath).Length == 0)
        {
            throw new ImageFileException(fullPath, $"Image file '{fullPath}' is empty (0 bytes).");
        }

        using var codec = SKCodec.Create(fullPath, out var created)
            ?? throw new ImageFileException(fullPath, $"Image file '{fullPath}' is not an image that can be decoded (PNG, JPEG, ...): {DescribeOpenFailure(created)}.");
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result != SKCodecResult.Success)
        {
            throw new ImageFileException(fullPath, $"Image file '{fullPath}' ({codec.EncodedFormat}, {info.Width}×{info.Height}) cannot be decoded: {Describe(result)}.");
        }

        var rgba = bitmap.GetPixelSpan();
        var rgb = new byte[info.Width * info.Height * RgbImage.Channels];
        for (int source = 0, target = 0; target < rgb.Length; source += 4, target += 3)
        {
            rgb[target] = rgba[source];
            rgb[target + 1] = rgba[source + 1];
            rgb[target + 2] = rgba[source + 2];
        }

        return new RgbImage(info.Width, info.Height, rgb);
    }

    // Skia answers "Unimplemented" when no decoder recognises the first bytes.
    private static string DescribeOpenFailure(SKCodecResult result) => result switch
    {
        SKCodecResult.Unimplemented => "its content matches no image format Skia can read",
        _ => Describe(result),
    };

    private static string Describe(SKCodecResult result) => result switch
    {
        SKCodecResult.IncompleteInput or SKCodecResult.ErrorInInput => $"the file is truncated or damaged ({result})",
        _ => result.ToString(),
    };
}
