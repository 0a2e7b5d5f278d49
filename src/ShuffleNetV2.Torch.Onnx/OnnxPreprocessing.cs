using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Linq;
using TorchCheckpoints.Hub;

namespace ShuffleNet.Torch.Onnx;

/// <summary>
/// The evaluation transform a model expects, as torchvision writes it:
/// <c>Resize(ResizeSize)</c> (the shorter side; left out when <see cref="ResizeSize"/> is null), then
/// <c>CenterCrop([InputHeight, InputWidth])</c>, <c>ToTensor()</c> (RGB values scaled to [0, 1]) and
/// <c>Normalize(Mean, Std)</c>. <see cref="OnnxExport"/> records it in the file's <c>metadata_props</c> and
/// <see cref="OnnxShuffleNetV2.Preprocessing"/> reads it back.
/// </summary>
/// <remarks>
/// The metadata keys and values (invariant culture, numbers separated by commas without spaces):
/// <c>preprocessing.input_size</c> = <c>"224,224"</c> (height, width);
/// <c>preprocessing.resize_size</c> = <c>"256"</c> (absent when there is no resize before the crop);
/// <c>preprocessing.mean</c> = <c>"0.485,0.456,0.406"</c> and <c>preprocessing.std</c> = <c>"0.229,0.224,0.225"</c>
/// (R, G, B). In Python: <c>[float(v) for v in meta["preprocessing.mean"].split(",")]</c>.
/// A greyscale model fed with the grey value replicated to the three channels has three equal means and stds.
/// </remarks>
public sealed class OnnxPreprocessing
{
    /// <summary>The number of input channels, and so of <see cref="Mean"/> and <see cref="Std"/> values.</summary>
    public const int Channels = 3;

    /// <summary>
    /// The classic ImageNet transform (torchvision's <c>ImageClassification(crop_size=224)</c>, and ShuffleNetV2.Torch.Imaging's
    /// <c>ImageNetPreprocessing.DefaultTransform</c>): resize to 256, centre crop 224×224, mean (0.485, 0.456, 0.406), std
    /// (0.229, 0.224, 0.225). Recorded by default. Weights evaluated otherwise name their own transform — torchvision's
    /// 1.5× and 2.0× ShuffleNetV2 weights resize to 232: record it with <see cref="From"/> or <see cref="OnnxExportOptions.ForWeights"/>.
    /// </summary>
    public static OnnxPreprocessing ImageNet { get; } = new(224, 224, [0.485f, 0.456f, 0.406f], [0.229f, 0.224f, 0.225f], resizeSize: 256);

    /// <summary>
    /// The record of a published evaluation transform, such as <c>ShuffleNetV2Weights.X1_5_ImageNet1K_V1.Transforms</c>
    /// (resize 232, crop 224): input size crop × crop, the resize, the mean and the std. The interpolation (bilinear for
    /// every torchvision weights) is not recorded.
    /// </summary>
    /// <param name="transform">The transform.</param>
    /// <returns>The transform to record in <see cref="OnnxExportOptions.Preprocessing"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="transform"/> is null.</exception>
    public static OnnxPreprocessing From(ImageClassificationTransform transform)
    {
        ArgumentNullException.ThrowIfNull(transform);
        return new OnnxPreprocessing(transform.CropSize, transform.CropSize, transform.Mean, transform.Std, transform.ResizeSize);
    }

    /// <summary>Describes an evaluation transform.</summary>
    /// <param name="inputHeight">The height of the network input (the crop) in pixels, at least 1.</param>
    /// <param name="inputWidth">The width of the network input (the crop) in pixels, at least 1.</param>
    /// <param name="mean">The per-channel (R, G, B) mean subtracted after scaling to [0, 1]: three finite numbers.</param>
    /// <param name="std">The per-channel (R, G, B) standard deviation divided by: three finite numbers above 0.</param>
    /// <param name="resizeSize">The shorter side after resizing, before the centre crop, at least 1; <see langword="null"/> when the image goes to the crop without a resize.</param>
    /// <exception cref="ArgumentNullException"><paramref name="mean"/> or <paramref name="std"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1.</exception>
    /// <exception cref="ArgumentException"><paramref name="mean"/> or <paramref name="std"/> does not hold three finite numbers, or a std is not above 0.</exception>
    public OnnxPreprocessing(int inputHeight, int inputWidth, IReadOnlyList<float> mean, IReadOnlyList<float> std, int? resizeSize = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputHeight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputWidth, 1);
        if (resizeSize is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(resizeSize), resizeSize, $"resizeSize must be at least 1 pixel (or null for no resize), got {resizeSize}.");
        }

        InputHeight = inputHeight;
        InputWidth = inputWidth;
        ResizeSize = resizeSize;
        Mean = ChannelValues(mean, nameof(mean), mustBePositive: false);
        Std = ChannelValues(std, nameof(std), mustBePositive: true);
    }

    /// <summary>The height of the network input in pixels (the centre crop's height).</summary>
    public int InputHeight { get; }

    /// <summary>The width of the network input in pixels (the centre crop's width).</summary>
    public int InputWidth { get; }

    /// <summary>The shorter side after resizing, before the centre crop; <see langword="null"/> when there is no resize.</summary>
    public int? ResizeSize { get; }

    /// <summary>The per-channel (R, G, B) mean subtracted after scaling to [0, 1].</summary>
    public IReadOnlyList<float> Mean { get; }

    /// <summary>The per-channel (R, G, B) standard deviation divided by after subtracting the mean.</summary>
    public IReadOnlyList<float> Std { get; }

    /// <summary>The transform in torchvision's words, e.g. <c>Resize(256), CenterCrop(224×224), Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225])</c>.</summary>
    /// <returns>One line describing the transform.</returns>
    public override string ToString() =>
        (ResizeSize is { } resize ? $"Resize({resize}), " : string.Empty)
        + $"CenterCrop({InputHeight}×{InputWidth}), Normalize(mean=[{Join(Mean)}], std=[{Join(Std)}])";

    private static string Join(IReadOnlyList<float> values) => string.Join(", ", values.Select(v => v.ToString(CultureInfo.InvariantCulture)));

    private static ReadOnlyCollection<float> ChannelValues(IReadOnlyList<float> values, string paramName, bool mustBePositive)
    {
        ArgumentNullException.ThrowIfNull(values, paramName);
        var copy = values.ToArray();
        if (copy.Length != Channels || copy.Any(v => !float.IsFinite(v) || (mustBePositive && v <= 0)))
        {
            throw new ArgumentException(
                $"{paramName} must hold {Channels} finite numbers{(mustBePositive ? " above 0" : string.Empty)} (one per input channel), got [{Join(copy)}].",
                paramName);
        }

        return Array.AsReadOnly(copy);
    }
}
