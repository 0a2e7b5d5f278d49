using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Linq;
using static TorchSharp.torch;

namespace TorchCheckpoints.Hub;

/// <summary>
/// The evaluation transform of an image classifier, torchvision's way, as data: resize the shorter side to
/// <see cref="ResizeSize"/> with <see cref="Interpolation"/> (no resize when it is null), cut out the centre
/// <see cref="CropHeight"/> × <see cref="CropWidth"/>, scale to [0, 1] with <see cref="Channels"/> channels (3: RGB, a
/// grey image replicated; 1: grey), then normalise each channel with <see cref="Mean"/> and <see cref="Std"/>.
/// </summary>
/// <remarks>
/// The one description of "how this model's input is prepared" in every package: published weights carry it (as
/// torchvision's <c>Weights.transforms</c>), a model card stores it, the ONNX metadata records it, the image package
/// applies it to files and the training package evaluates with it. This package only describes it, so that none of
/// those needs the others.
/// </remarks>
public sealed class ImageClassificationTransform : IEquatable<ImageClassificationTransform>
{
    private static readonly InterpolationMode[] ImageModes = [InterpolationMode.Nearest, InterpolationMode.NearestExact, InterpolationMode.Bilinear, InterpolationMode.Bicubic];

    /// <summary>torchvision's preset <c>ImageClassification(crop_size, resize_size, mean, std, interpolation)</c>: a square crop, with torchvision's defaults for the rest.</summary>
    /// <param name="cropSize">The side of the centre crop (the network input), at least 1.</param>
    /// <param name="resizeSize">The shorter side after resizing, at least <paramref name="cropSize"/>; torchvision's default is 256.</param>
    /// <param name="mean">The per-channel (R, G, B) mean; null for ImageNet's (0.485, 0.456, 0.406).</param>
    /// <param name="std">The per-channel (R, G, B) standard deviation, above 0; null for ImageNet's (0.229, 0.224, 0.225).</param>
    /// <param name="interpolation">Nearest, NearestExact, Bilinear (torchvision's default) or Bicubic.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1, the resize is smaller than the crop (torchvision would pad the crop with black), or the interpolation is not an image resampling mode.</exception>
    /// <exception cref="ArgumentException"><paramref name="mean"/> or <paramref name="std"/> does not hold three finite numbers, or a std is not above 0.</exception>
    public ImageClassificationTransform(int cropSize, int resizeSize = 256, IReadOnlyList<float>? mean = null, IReadOnlyList<float>? std = null,
        InterpolationMode interpolation = InterpolationMode.Bilinear)
        : this(cropSize, cropSize, resizeSize, mean ?? ImageNetMean, std ?? ImageNetStd, interpolation)
    {
    }

    /// <summary>Any evaluation transform: a crop of any height and width, an optional resize, one or three channels.</summary>
    /// <param name="cropHeight">The height of the centre crop (the network input), at least 1.</param>
    /// <param name="cropWidth">The width of the centre crop, at least 1.</param>
    /// <param name="resizeSize">The shorter side after resizing, at least the crop's larger side; null to crop without resizing.</param>
    /// <param name="mean">The per-channel mean subtracted after scaling to [0, 1]: one finite number per channel (1 or 3).</param>
    /// <param name="std">The per-channel standard deviation, as many as <paramref name="mean"/>, each above 0.</param>
    /// <param name="interpolation">The resize's filter: Nearest, NearestExact, Bilinear or Bicubic.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1, the resize is smaller than the crop, or the interpolation is not an image resampling mode.</exception>
    /// <exception cref="ArgumentException"><paramref name="mean"/> or <paramref name="std"/> does not hold 1 or 3 finite numbers (the same count), or a std is not above 0.</exception>
    public ImageClassificationTransform(int cropHeight, int cropWidth, int? resizeSize, IReadOnlyList<float> mean, IReadOnlyList<float> std,
        InterpolationMode interpolation = InterpolationMode.Bilinear)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cropHeight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(cropWidth, 1);
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        if (resizeSize is { } resize && resize < Math.Max(cropHeight, cropWidth))
        {
            throw new ArgumentOutOfRangeException(nameof(resizeSize), resizeSize,
                $"The resize ({resize}) is smaller than the crop ({cropHeight}×{cropWidth}): the centre crop must fit inside the resized image.");
        }

        if (!ImageModes.Contains(interpolation))
        {
            throw new ArgumentOutOfRangeException(nameof(interpolation), interpolation,
                $"Interpolation {interpolation} is not an image resampling mode; use one of {string.Join(", ", ImageModes)}.");
        }

        CropHeight = cropHeight;
        CropWidth = cropWidth;
        ResizeSize = resizeSize;
        Interpolation = interpolation;
        Mean = ChannelValues(mean, nameof(mean), mustBePositive: false);
        Std = ChannelValues(std, nameof(std), mustBePositive: true);
        if (Std.Count != Mean.Count)
        {
            throw new ArgumentException($"mean has {Mean.Count} values and std {Std.Count}: one of each per channel.", nameof(std));
        }
    }

    /// <summary>
    /// The classic ImageNet evaluation: torchvision's <c>ImageClassification(crop_size=224)</c>, i.e. resize the shorter
    /// side to 256 (bilinear), centre crop 224×224, ImageNet's mean (0.485, 0.456, 0.406) and std (0.229, 0.224, 0.225).
    /// </summary>
    public static ImageClassificationTransform ImageNet { get; } = new(224);

    private static float[] ImageNetMean => [0.485f, 0.456f, 0.406f];

    private static float[] ImageNetStd => [0.229f, 0.224f, 0.225f];

    /// <summary>The height of the centre crop in pixels: the network input's height.</summary>
    public int CropHeight { get; }

    /// <summary>The width of the centre crop in pixels: the network input's width.</summary>
    public int CropWidth { get; }

    /// <summary>The shorter side after resizing, before the crop, in pixels (torchvision's <c>resize_size</c>); null when the image is cropped as it is.</summary>
    public int? ResizeSize { get; }

    /// <summary>The resampling filter of the resize (torchvision's <c>interpolation</c>); torchvision resizes PIL images with antialiasing.</summary>
    public InterpolationMode Interpolation { get; }

    /// <summary>The per-channel mean subtracted after scaling to [0, 1] (torchvision's <c>mean</c>).</summary>
    public IReadOnlyList<float> Mean { get; }

    /// <summary>The per-channel standard deviation divided by after subtracting the mean (torchvision's <c>std</c>).</summary>
    public IReadOnlyList<float> Std { get; }

    /// <summary>The channels of the network input: 3 (RGB; a grey image has its value replicated, as PIL's <c>convert("RGB")</c>) or 1 (grey).</summary>
    public int Channels => Mean.Count;

    /// <summary>Whether the crop is square (torchvision's presets all are).</summary>
    public bool IsSquare => CropHeight == CropWidth;

    /// <summary>The same transform with another resize (null for none); the crop must still fit.</summary>
    /// <param name="resizeSize">The shorter side after resizing, or null.</param>
    /// <returns>A new transform.</returns>
    public ImageClassificationTransform WithResize(int? resizeSize) => new(CropHeight, CropWidth, resizeSize, Mean, Std, Interpolation);

    /// <summary>The same transform with another crop; a resize smaller than the new crop becomes the crop's larger side.</summary>
    /// <param name="cropHeight">The crop's height.</param>
    /// <param name="cropWidth">The crop's width.</param>
    /// <returns>A new transform.</returns>
    public ImageClassificationTransform WithCrop(int cropHeight, int cropWidth) =>
        new(cropHeight, cropWidth, ResizeSize is { } resize ? Math.Max(resize, Math.Max(cropHeight, cropWidth)) : null, Mean, Std, Interpolation);

    /// <summary>The same transform with another normalisation.</summary>
    /// <param name="mean">The per-channel mean.</param>
    /// <param name="std">The per-channel standard deviation.</param>
    /// <returns>A new transform.</returns>
    public ImageClassificationTransform WithNormalization(IReadOnlyList<float> mean, IReadOnlyList<float> std) => new(CropHeight, CropWidth, ResizeSize, mean, std, Interpolation);

    /// <summary>The transform as torchvision writes its arguments.</summary>
    /// <returns>For example <c>ImageClassification(crop_size=224, resize_size=232, mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225], interpolation=bilinear)</c>.</returns>
    public override string ToString()
    {
        var crop = IsSquare ? CropHeight.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"[{CropHeight}, {CropWidth}]");
        var resize = ResizeSize?.ToString(CultureInfo.InvariantCulture) ?? "None";
        return $"ImageClassification(crop_size={crop}, resize_size={resize}, mean=[{Join(Mean)}], std=[{Join(Std)}], interpolation={InterpolationName(Interpolation)})";
    }

    /// <summary>The transform as a torchvision pipeline, e.g. <c>Resize(256), CenterCrop(224×224), Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225])</c>.</summary>
    /// <returns>One line.</returns>
    public string Describe() =>
        (ResizeSize is { } resize ? string.Create(CultureInfo.InvariantCulture, $"Resize({resize}), ") : string.Empty)
        + string.Create(CultureInfo.InvariantCulture, $"CenterCrop({CropHeight}×{CropWidth}), ")
        + (Channels == 1 ? "Grayscale(), " : string.Empty)
        + $"Normalize(mean=[{Join(Mean)}], std=[{Join(Std)}])";

    /// <summary>The lower-case name of a resampling filter, as torchvision's <c>InterpolationMode</c> values are written ("bilinear").</summary>
    /// <param name="mode">The filter.</param>
    /// <returns>Its name.</returns>
    public static string InterpolationName(InterpolationMode mode) => mode == InterpolationMode.NearestExact ? "nearest-exact" : mode.ToString().ToLowerInvariant();

    /// <summary>The filter named by <see cref="InterpolationName"/>, or null for an unknown name.</summary>
    /// <param name="name">"nearest", "nearest-exact", "bilinear" or "bicubic".</param>
    /// <returns>The filter, or null.</returns>
    public static InterpolationMode? ParseInterpolation(string? name) =>
        ImageModes.Cast<InterpolationMode?>().FirstOrDefault(m => string.Equals(InterpolationName(m!.Value), name, StringComparison.OrdinalIgnoreCase));

    /// <inheritdoc />
    public bool Equals(ImageClassificationTransform? other) =>
        other is not null && CropHeight == other.CropHeight && CropWidth == other.CropWidth && ResizeSize == other.ResizeSize
        && Interpolation == other.Interpolation && Mean.SequenceEqual(other.Mean) && Std.SequenceEqual(other.Std);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ImageClassificationTransform);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(CropHeight, CropWidth, ResizeSize, Interpolation, Mean.Count);

    private static string Join(IReadOnlyList<float> values) => string.Join(", ", values.Select(v => v.ToString(CultureInfo.InvariantCulture)));

    private static ReadOnlyCollection<float> ChannelValues(IReadOnlyList<float> values, string paramName, bool mustBePositive)
    {
        var copy = values.ToArray();
        if (copy.Length is not (1 or 3) || copy.Any(v => !float.IsFinite(v) || (mustBePositive && v <= 0)))
        {
            throw new ArgumentException(
                $"{paramName} must hold 1 or 3 finite numbers{(mustBePositive ? " above 0" : string.Empty)} (one per channel: grey, or R, G, B), got [{Join(copy)}].", paramName);
        }

        return Array.AsReadOnly(copy);
    }
}
