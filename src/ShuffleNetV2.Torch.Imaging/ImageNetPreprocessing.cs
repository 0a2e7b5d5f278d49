using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Imaging;

/// <summary>
/// Turns image files into the input torchvision's ImageNet weights expect, as torchvision's classic transform
/// <c>Compose([Resize(256), CenterCrop(224), ToTensor(), Normalize(mean, std)])</c> does on
/// <c>PIL.Image.open(path).convert("RGB")</c>: the shorter side resized to 256 with Pillow's antialiased bilinear
/// filter (reproduced here in managed code), the centre 224×224 cut out, values scaled to [0, 1] and normalised per
/// channel, as a float32 NCHW tensor on the CPU.
/// </summary>
/// <remarks>
/// Measured against torchvision 0.14 with Pillow 9.4 and Debian 12's libjpeg-turbo 2.1.5 on the test images
/// (tests/ShuffleNetV2.Torch.Imaging.Tests, made by tools/make_image_fixtures.py): the maximum absolute difference is
/// 0 — identical float32 tensors — for a PNG already 256×256, for resized PNGs (downscaled 400×300, upscaled 240×320,
/// RGBA 300×300, greyscale 260×270) and for a 400×300 JPEG (quality 90), because the resampling reproduces Pillow's
/// fixed-point arithmetic and SkiaSharp's libjpeg-turbo decodes that JPEG to the same pixels as Pillow's. JPEG
/// decoding is the one step that could differ with other decoder builds (not measured here; one 8-bit level is about
/// 0.017 after normalisation); PNG decoding is lossless and exact.
/// </remarks>
public static class ImageNetPreprocessing
{
    /// <summary>The shorter side after resizing (torchvision's <c>Resize(256)</c>).</summary>
    public const int ResizeSize = 256;

    /// <summary>The side of the centre crop (torchvision's <c>CenterCrop(224)</c>).</summary>
    public const int CropSize = 224;

    private static readonly float[] MeanValues = [0.485f, 0.456f, 0.406f];
    private static readonly float[] StdValues = [0.229f, 0.224f, 0.225f];

    /// <summary>The per-channel (R, G, B) mean subtracted after scaling to [0, 1].</summary>
    public static IReadOnlyList<float> Mean { get; } = Array.AsReadOnly(MeanValues);

    /// <summary>The per-channel (R, G, B) standard deviation divided by after subtracting the mean.</summary>
    public static IReadOnlyList<float> Std { get; } = Array.AsReadOnly(StdValues);

    /// <summary>Loads one image as a batch of one: a float32 tensor of shape [1, 3, 224, 224] on the CPU.</summary>
    /// <param name="path">A PNG or JPEG file (other formats Skia decodes — BMP, GIF, WebP — work too).</param>
    /// <exception cref="System.IO.FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ImageFileException">The file is empty, truncated, damaged or not an image.</exception>
    public static Tensor Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return ToTensor([Transform(ImageDecoder.Decode(path))]);
    }

    /// <summary>Loads several images as one batch: a float32 tensor of shape [count, 3, 224, 224] on the CPU.</summary>
    /// <param name="paths">The image files, in batch order (at least one).</param>
    /// <exception cref="System.IO.FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="ImageFileException">A file is empty, truncated, damaged or not an image.</exception>
    public static Tensor LoadBatch(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var images = paths.Select(p => Transform(ImageDecoder.Decode(p))).ToList();
        if (images.Count == 0)
        {
            throw new ArgumentException("LoadBatch needs at least one image path.", nameof(paths));
        }

        return ToTensor(images);
    }

    /// <summary>Resize of the shorter side to 256 then centre crop to 224, both in 8 bits as torchvision does on PIL images.</summary>
    internal static ByteImage Transform(ByteImage image)
    {
        var (width, height) = ResizedSize(image.Width, image.Height);
        return CenterCrop(PilBilinearResize.Resize(image, width, height));
    }

    /// <summary>torchvision 0.14's size for <c>Resize(256)</c>: the shorter side 256, the longer <c>int(256 * long / short)</c>.</summary>
    internal static (int Width, int Height) ResizedSize(int width, int height)
    {
        var (shortSide, longSide) = width <= height ? (width, height) : (height, width);
        var newLong = (int)((double)((long)ResizeSize * longSide) / shortSide);
        return width <= height ? (ResizeSize, newLong) : (newLong, ResizeSize);
    }

    private static ByteImage CenterCrop(ByteImage image)
    {
        // torchvision: int(round((size - crop) / 2.0)), Python's round halves to even.
        var top = (int)Math.Round((image.Height - CropSize) / 2.0, MidpointRounding.ToEven);
        var left = (int)Math.Round((image.Width - CropSize) / 2.0, MidpointRounding.ToEven);
        return PilBilinearResize.ResizeCrop(image, left, top, CropSize, CropSize, CropSize, CropSize);
    }

    private static Tensor ToTensor(List<ByteImage> images)
    {
        const int plane = CropSize * CropSize;
        const int channels = 3;
        var data = new float[images.Count * channels * plane];
        for (var n = 0; n < images.Count; n++)
        {
            var pixels = images[n].Pixels;
            for (var c = 0; c < channels; c++)
            {
                var offset = ((n * channels) + c) * plane;
                for (var i = 0; i < plane; i++)
                {
                    // float32 steps as ToTensor (x / 255) then Normalize ((x - mean) / std).
                    var scaled = pixels[(i * channels) + c] / 255f;
                    data[offset + i] = (scaled - MeanValues[c]) / StdValues[c];
                }
            }
        }

        return tensor(data, [images.Count, channels, CropSize, CropSize]);
    }
}
