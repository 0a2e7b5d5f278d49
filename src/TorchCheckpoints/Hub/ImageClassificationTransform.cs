using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Linq;
using static TorchSharp.torch;

namespace TorchCheckpoints.Hub;

/// <summary>
/// torchvision's evaluation preset <c>ImageClassification</c> as data: resize the shorter side to
/// <see cref="ResizeSize"/> with <see cref="Interpolation"/>, cut out the centre <see cref="CropSize"/>²,
/// scale to [0, 1], then normalise each channel with <see cref="Mean"/> and <see cref="Std"/>. Published weights carry
/// the transform they were evaluated with, as torchvision's <c>Weights.transforms</c> do. This package only describes
/// it, so that a weights registry can name it without depending on an image library; ShuffleNetV2.Torch.Imaging applies
/// it (<c>ImageNetPreprocessing.Load(path, transform)</c>).
/// </summary>
public sealed class ImageClassificationTransform
{
    private static readonly InterpolationMode[] ImageModes = [InterpolationMode.Nearest, InterpolationMode.NearestExact, InterpolationMode.Bilinear, InterpolationMode.Bicubic];

    /// <summary>Describes the transform, with torchvision's defaults for everything but the crop.</summary>
    /// <param name="cropSize">The side of the centre crop (the network input), at least 1.</param>
    /// <param name="resizeSize">The shorter side after resizing, at least <paramref name="cropSize"/>; torchvision's default is 256.</param>
    /// <param name="mean">The per-channel (R, G, B) mean; null for ImageNet's (0.485, 0.456, 0.406).</param>
    /// <param name="std">The per-channel (R, G, B) standard deviation, above 0; null for ImageNet's (0.229, 0.224, 0.225).</param>
    /// <param name="interpolation">Nearest, NearestExact, Bilinear (torchvision's default) or Bicubic.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1, the resize is smaller than the crop (torchvision would pad the crop with black), or the interpolation is not an image resampling mode.</exception>
    /// <exception cref="ArgumentException"><paramref name="mean"/> or <paramref name="std"/> does not hold three finite numbers, or a std is not above 0.</exception>
    public ImageClassificationTransform(int cropSize, int resizeSize = 256, IReadOnlyList<float>? mean = null, IReadOnlyList<float>? std = null,
        InterpolationMode interpolation = InterpolationMode.Bilinear)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cropSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(resizeSize, 1);
        if (resizeSize < cropSize)
        {
            throw new ArgumentOutOfRangeException(nameof(resizeSize), resizeSize,
                $"The resize ({resizeSize}) is smaller than the crop ({cropSize}): the centre crop must fit inside the resized image.");
        }

        if (!ImageModes.Contains(interpolation))
        {
            throw new ArgumentOutOfRangeException(nameof(interpolation), interpolation,
                $"Interpolation {interpolation} is not an image resampling mode; use one of {string.Join(", ", ImageModes)}.");
        }

        CropSize = cropSize;
        ResizeSize = resizeSize;
        Interpolation = interpolation;
        Mean = Channels(mean ?? [0.485f, 0.456f, 0.406f], nameof(mean), mustBePositive: false);
        Std = Channels(std ?? [0.229f, 0.224f, 0.225f], nameof(std), mustBePositive: true);
    }

    /// <summary>The side of the centre crop in pixels: the network's input is <c>CropSize</c> × <c>CropSize</c> (torchvision's <c>crop_size</c>).</summary>
    public int CropSize { get; }

    /// <summary>The shorter side after resizing, before the crop, in pixels (torchvision's <c>resize_size</c>).</summary>
    public int ResizeSize { get; }

    /// <summary>The resampling filter of the resize (torchvision's <c>interpolation</c>); torchvision resizes PIL images with antialiasing.</summary>
    public InterpolationMode Interpolation { get; }

    /// <summary>The per-channel (R, G, B) mean subtracted after scaling to [0, 1] (torchvision's <c>mean</c>).</summary>
    public IReadOnlyList<float> Mean { get; }

    /// <summary>The per-channel (R, G, B) standard deviation divided by after subtracting the mean (torchvision's <c>std</c>).</summary>
    public IReadOnlyList<float> Std { get; }

    /// <summary>The transform as torchvision writes its arguments.</summary>
    /// <returns>For example <c>ImageClassification(crop_size=224, resize_size=232, mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225], interpolation=bilinear)</c>.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture,
            $"ImageClassification(crop_size={CropSize}, resize_size={ResizeSize}, mean=[{Join(Mean)}], std=[{Join(Std)}], interpolation={Interpolation.ToString().ToLowerInvariant()})");

    private static string Join(IReadOnlyList<float> values) => string.Join(", ", values.Select(v => v.ToString(CultureInfo.InvariantCulture)));

    private static ReadOnlyCollection<float> Channels(IReadOnlyList<float> values, string paramName, bool mustBePositive)
    {
        var copy = values.ToArray();
        if (copy.Length != 3 || copy.Any(v => !float.IsFinite(v) || (mustBePositive && v <= 0)))
        {
            throw new ArgumentException(
                $"{paramName} must hold 3 finite numbers{(mustBePositive ? " above 0" : string.Empty)} (R, G, B), got [{Join(copy)}].", paramName);
        }

        return Array.AsReadOnly(copy);
    }
}
