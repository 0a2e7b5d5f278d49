using System;
using System.IO;
using SkiaSharp;

namespace TorchImaging;

/// <summary>
/// Decodes image files (PNG, JPEG, BMP, GIF, WebP, ... whatever SkiaSharp reads) to 8-bit pixels as PIL's
/// <c>Image.open(path).convert("RGB")</c> or <c>.convert("L")</c> does: no colour-space conversion, no EXIF rotation,
/// alpha dropped (not blended), grey replicated to three channels for RGB, luma in PIL's fixed point for grey.
/// </summary>
/// <remarks>Thread-safe: every call decodes on its own.</remarks>
public static class ImageDecoder
{
    /// <summary>Decodes one file.</summary>
    /// <param name="path">The image file.</param>
    /// <param name="mode">The pixel format of the result: RGB (3 channels, the default) or grey (1 channel).</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ImageFileException">The file is empty, truncated, damaged or not an image; the message names it.</exception>
    public static ByteImage Decode(string path, ColorMode mode = ColorMode.Rgb)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (mode is not (ColorMode.Rgb or ColorMode.Gray))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "The colour mode is Rgb or Gray.");
        }

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
        var pixels = new byte[info.Width * info.Height * (int)mode];
        if (mode == ColorMode.Rgb)
        {
            for (int source = 0, target = 0; target < pixels.Length; source += 4, target += 3)
            {
                pixels[target] = rgba[source];
                pixels[target + 1] = rgba[source + 1];
                pixels[target + 2] = rgba[source + 2];
            }
        }
        else
        {
            for (int source = 0, target = 0; target < pixels.Length; source += 4, target++)
            {
                pixels[target] = Luma(rgba[source], rgba[source + 1], rgba[source + 2]);
            }
        }

        return new ByteImage(info.Width, info.Height, (int)mode, pixels);
    }

    // Pillow's L24 (Convert.c): the ITU-R 601-2 weights 0.299, 0.587, 0.114 in 16-bit fixed point, rounded.
    private static byte Luma(byte red, byte green, byte blue) => (byte)(((red * 19595) + (green * 38470) + (blue * 7471) + 0x8000) >> 16);

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
