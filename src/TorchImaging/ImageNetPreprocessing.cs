using System;
using System.Collections.Generic;
using System.Linq;
using TorchCheckpoints.Hub;
using static TorchSharp.torch;

namespace TorchImaging;

/// <summary>
/// Turns image files into the input torchvision's ImageNet weights expect, as torchvision's evaluation transform
/// <c>ImageClassification(crop_size, resize_size, mean, std)</c> — or the classic
/// <c>Compose([Resize(256), CenterCrop(224), ToTensor(), Normalize(mean, std)])</c>, which is the same — does on
/// <c>PIL.Image.open(path).convert("RGB")</c>: the shorter side resized with Pillow's antialiased bilinear filter
/// (reproduced here in managed code), the centre square cut out, values scaled to [0, 1] and normalised per channel,
/// as a float32 NCHW tensor on the CPU. Without a transform it uses <see cref="DefaultTransform"/> (resize 256, crop
/// 224); published weights name their own (some of torchvision's newer weights resize to 232).
/// </summary>
/// <remarks>
/// Measured against torchvision 0.14 with Pillow 9.4 and Debian 12's libjpeg-turbo 2.1.5 on the test images
/// (tests/TorchImaging.Tests, made by tools/make_image_fixtures.py), at resize 256 and at resize 232: the
/// maximum absolute difference is 0 — identical float32 tensors — for a PNG already 256×256, for resized PNGs
/// (downscaled 400×300, upscaled 240×320, RGBA 300×300, greyscale 260×270) and for a 400×300 JPEG (quality 90),
/// because the resampling reproduces Pillow's fixed-point arithmetic and SkiaSharp's libjpeg-turbo decodes that JPEG to
/// the same pixels as Pillow's. JPEG decoding is the one step that could differ with other decoder builds (not
/// measured here; one 8-bit level is about 0.017 after normalisation); PNG decoding is lossless and exact.
/// </remarks>
public static class ImageNetPreprocessing
{
    /// <summary>The shorter side after resizing in <see cref="DefaultTransform"/> (torchvision's <c>Resize(256)</c>).</summary>
    public const int ResizeSize = 256;

    /// <summary>The side of the centre crop in <see cref="DefaultTransform"/> (torchvision's <c>CenterCrop(224)</c>).</summary>
    public const int CropSize = 224;

    /// <summary>The per-channel (R, G, B) mean subtracted after scaling to [0, 1]: ImageNet's (0.485, 0.456, 0.406).</summary>
    public static IReadOnlyList<float> Mean => DefaultTransform.Mean;

    /// <summary>The per-channel (R, G, B) standard deviation divided by after subtracting the mean: ImageNet's (0.229, 0.224, 0.225).</summary>
    public static IReadOnlyList<float> Std => DefaultTransform.Std;

    /// <summary>
    /// The transform used when none is given: torchvision's <c>ImageClassification(crop_size=224)</c>, i.e. resize the
    /// shorter side to 256 (bilinear), centre crop 224, ImageNet's mean and standard deviation.
    /// </summary>
    public static ImageClassificationTransform DefaultTransform => ImageClassificationTransform.ImageNet;

    /// <summary>Loads one image with <see cref="DefaultTransform"/>: a float32 tensor of shape [1, 3, 224, 224] on the CPU.</summary>
    /// <param name="path">A PNG or JPEG file (other formats Skia decodes — BMP, GIF, WebP — work too).</param>
    /// <exception cref="System.IO.FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ImageFileException">The file is empty, truncated, damaged or not an image.</exception>
    public static Tensor Load(string path) => Load(path, DefaultTransform);

    /// <summary>
    /// Loads one image with a transform, such as the one published weights carry
    /// (a model card's or a weights registry's transform): a float32 tensor of shape [1, 3, crop, crop] on the CPU.
    /// </summary>
    /// <param name="path">A PNG or JPEG file (other formats Skia decodes — BMP, GIF, WebP — work too).</param>
    /// <param name="transform">The resize, crop and normalisation; its interpolation must be bilinear.</param>
    /// <exception cref="ArgumentException">The transform's interpolation is not bilinear (the only filter reproduced here).</exception>
    /// <exception cref="System.IO.FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ImageFileException">The file is empty, truncated, damaged or not an image.</exception>
    public static Tensor Load(string path, ImageClassificationTransform transform)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        CheckSupported(transform);
        return ToTensor([Apply(ImageDecoder.Decode(path, ModeOf(transform)), transform)], transform);
    }

    /// <summary>Loads several images with <see cref="DefaultTransform"/> as one batch: a float32 tensor of shape [count, 3, 224, 224] on the CPU.</summary>
    /// <param name="paths">The image files, in batch order (at least one).</param>
    /// <exception cref="System.IO.FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="ImageFileException">A file is empty, truncated, damaged or not an image.</exception>
    public static Tensor LoadBatch(IEnumerable<string> paths) => LoadBatch(paths, DefaultTransform);

    /// <summary>Loads several images with a transform as one batch: a float32 tensor of shape [count, 3, crop, crop] on the CPU.</summary>
    /// <param name="paths">The image files, in batch order (at least one).</param>
    /// <param name="transform">The resize, crop and normalisation; its interpolation must be bilinear.</param>
    /// <exception cref="ArgumentException">No paths, or the transform's interpolation is not bilinear.</exception>
    /// <exception cref="System.IO.FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="ImageFileException">A file is empty, truncated, damaged or not an image.</exception>
    public static Tensor LoadBatch(IEnumerable<string> paths, ImageClassificationTransform transform)
    {
        ArgumentNullException.ThrowIfNull(paths);
        CheckSupported(transform);
        var images = paths.Select(p => Apply(ImageDecoder.Decode(p, ModeOf(transform)), transform)).ToList();
        if (images.Count == 0)
        {
            throw new ArgumentException("LoadBatch needs at least one image path.", nameof(paths));
        }

        return ToTensor(images, transform);
    }

    /// <summary>
    /// The 8-bit part of the transform, as torchvision does it on PIL images: the shorter side resized (when the
    /// transform resizes), then the centre crop (an image smaller than the crop padded with black first, as
    /// torchvision's <c>CenterCrop</c>).
    /// </summary>
    /// <param name="image">The decoded image, with the transform's channel count.</param>
    /// <param name="transform">The transform; its interpolation must be bilinear.</param>
    /// <returns>The cropped image, CropWidth × CropHeight.</returns>
    /// <exception cref="ArgumentException">The interpolation is not bilinear, or the image's channels differ from the transform's.</exception>
    public static ByteImage ResizeAndCrop(ByteImage image, ImageClassificationTransform transform)
    {
        ArgumentNullException.ThrowIfNull(image);
        CheckSupported(transform);
        if (image.Channels != transform.Channels)
        {
            throw new ArgumentException($"The image has {image.Channels} channel(s) and the transform {transform.Channels}: decode it with ColorMode.{ModeOf(transform)}.", nameof(image));
        }

        return Apply(image, transform);
    }

    /// <summary>How an image file is decoded for a transform: grey for 1 channel, RGB for 3.</summary>
    /// <param name="transform">The transform.</param>
    /// <returns>The colour mode.</returns>
    public static ColorMode ModeOf(ImageClassificationTransform transform)
    {
        ArgumentNullException.ThrowIfNull(transform);
        return transform.Channels == 1 ? ColorMode.Gray : ColorMode.Rgb;
    }

    private static ByteImage Apply(ByteImage image, ImageClassificationTransform transform)
    {
        if (transform.ResizeSize is { } resize)
        {
            var (width, height) = ResizedSize(image.Width, image.Height, resize);
            image = PilBilinearResize.Resize(image, width, height);
        }

        return CenterCrop(image, transform.CropHeight, transform.CropWidth);
    }

    /// <summary>torchvision 0.14's size for <c>Resize(size)</c> with one number: the shorter side <paramref name="size"/>, the longer <c>int(size * long / short)</c>.</summary>
    internal static (int Width, int Height) ResizedSize(int width, int height, int size)
    {
        var (shortSide, longSide) = width <= height ? (width, height) : (height, width);
        var newLong = (int)((double)((long)size * longSide) / shortSide);
        return width <= height ? (size, newLong) : (newLong, size);
    }

    private static void CheckSupported(ImageClassificationTransform transform)
    {
        ArgumentNullException.ThrowIfNull(transform);
        if (transform.Interpolation != InterpolationMode.Bilinear)
        {
            throw new ArgumentException(
                $"The transform resizes with {transform.Interpolation} interpolation; TorchImaging reproduces Pillow's bilinear filter only ({transform}).",
                nameof(transform));
        }
    }

    private static ByteImage CenterCrop(ByteImage image, int cropHeight, int cropWidth)
    {
        image = PadToAtLeast(image, cropHeight, cropWidth);

        // torchvision: int(round((size - crop) / 2.0)), Python's round halves to even.
        var top = (int)Math.Round((image.Height - cropHeight) / 2.0, MidpointRounding.ToEven);
        var left = (int)Math.Round((image.Width - cropWidth) / 2.0, MidpointRounding.ToEven);
        return PilBilinearResize.ResizeCrop(image, left, top, cropWidth, cropHeight, cropWidth, cropHeight);
    }

    // torchvision's CenterCrop pads a side shorter than the crop with zeros: (crop - size) // 2 before, the rest after.
    private static ByteImage PadToAtLeast(ByteImage image, int height, int width)
    {
        if (image.Height >= height && image.Width >= width)
        {
            return image;
        }

        var (newHeight, newWidth) = (Math.Max(height, image.Height), Math.Max(width, image.Width));
        var (top, left) = ((newHeight - image.Height) / 2, (newWidth - image.Width) / 2);
        var padded = new ByteImage(newWidth, newHeight, image.Channels);
        for (var y = 0; y < image.Height; y++)
        {
            Array.Copy(image.Pixels, y * image.RowLength, padded.Pixels, (((top + y) * newWidth) + left) * image.Channels, image.RowLength);
        }

        return padded;
    }

    private static Tensor ToTensor(List<ByteImage> images, ImageClassificationTransform transform)
    {
        var (channels, height, width) = (transform.Channels, transform.CropHeight, transform.CropWidth);
        var plane = height * width;
        var data = new float[images.Count * channels * plane];
        for (var n = 0; n < images.Count; n++)
        {
            var pixels = images[n].Pixels;
            for (var c = 0; c < channels; c++)
            {
                var offset = ((n * channels) + c) * plane;
                var (channelMean, channelStd) = (transform.Mean[c], transform.Std[c]);
                for (var i = 0; i < plane; i++)
                {
                    // float32 steps as ToTensor (x / 255) then Normalize ((x - mean) / std).
                    var scaled = pixels[(i * channels) + c] / 255f;
                    data[offset + i] = (scaled - channelMean) / channelStd;
                }
            }
        }

        return tensor(data, [images.Count, channels, height, width]);
    }
}
