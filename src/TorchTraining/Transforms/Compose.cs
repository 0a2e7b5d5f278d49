using System;
using System.Collections.Generic;
using System.Linq;
using TorchImaging;
using TorchCheckpoints.Hub;
using static TorchSharp.torch;

namespace TorchTraining.Transforms;

/// <summary>
/// A transform pipeline in torchvision's order: 8-bit image transforms, <see cref="ToTensor"/>, then float tensor
/// transforms, as <c>Compose([..., ToTensor(), Normalize(...), RandomErasing()])</c>. Random draws happen in that order.
/// </summary>
/// <remarks>Thread-safe when its transforms are (all of this package's are).</remarks>
public sealed class Compose
{
    private readonly IImageTransform[] _imageTransforms;
    private readonly ITensorTransform[] _tensorTransforms;

    /// <summary>Creates the pipeline.</summary>
    /// <param name="imageTransforms">The transforms of the 8-bit image, in order (may be empty).</param>
    /// <param name="toTensor">The conversion to float32 [channels, height, width].</param>
    /// <param name="tensorTransforms">The transforms of the float image, in order (null or empty for none).</param>
    public Compose(IEnumerable<IImageTransform> imageTransforms, ToTensor toTensor, IEnumerable<ITensorTransform>? tensorTransforms = null)
    {
        ArgumentNullException.ThrowIfNull(imageTransforms);
        ArgumentNullException.ThrowIfNull(toTensor);
        _imageTransforms = imageTransforms.ToArray();
        _tensorTransforms = (tensorTransforms ?? []).ToArray();
        if (_imageTransforms.Contains(null) || _tensorTransforms.Contains(null))
        {
            throw new ArgumentException("A Compose transform list contains null.", nameof(imageTransforms));
        }

        ToTensor = toTensor;
    }

    /// <summary>
    /// The evaluation pipeline a transform description stands for: <see cref="Resize"/> of the shorter side (when it
    /// resizes), <see cref="CenterCrop"/>, <see cref="ToTensor"/> with its channel count, <see cref="Normalize"/>.
    /// </summary>
    /// <param name="transform">The description, for example a model card's <c>Transform</c>; its interpolation must be bilinear.</param>
    /// <returns>The pipeline.</returns>
    /// <exception cref="ArgumentException">The interpolation is not bilinear (the one filter reproduced here, Pillow's).</exception>
    public static Compose ForEvaluation(ImageClassificationTransform transform)
    {
        ArgumentNullException.ThrowIfNull(transform);
        if (transform.Interpolation != InterpolationMode.Bilinear)
        {
            throw new ArgumentException($"The transform resizes with {transform.Interpolation} interpolation; only bilinear (Pillow's) is reproduced ({transform}).", nameof(transform));
        }

        var imageTransforms = new List<IImageTransform>();
        if (transform.ResizeSize is { } resize)
        {
            imageTransforms.Add(new Resize(resize));
        }

        imageTransforms.Add(new CenterCrop(transform.CropHeight, transform.CropWidth));
        return new Compose(imageTransforms, new ToTensor(transform.Channels), [new Normalize(transform.Mean, transform.Std)]);
    }

    /// <summary>The 8-bit image transforms.</summary>
    public IReadOnlyList<IImageTransform> ImageTransforms => _imageTransforms;

    /// <summary>The conversion to float32.</summary>
    public ToTensor ToTensor { get; }

    /// <summary>The float image transforms.</summary>
    public IReadOnlyList<ITensorTransform> TensorTransforms => _tensorTransforms;

    /// <summary>Transforms one image to a float32 tensor [channels, height, width] on the CPU, owned by the caller (or its dispose scope).</summary>
    /// <param name="image">The image.</param>
    /// <param name="random">The random draws; for example <see cref="SampleRandom.ForSample"/>.</param>
    public Tensor Apply(ByteImage image, IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(random);
        var transformed = ApplyImageTransforms(image, random);
        var shape = OutputShape(transformed);
        var values = new float[shape.Channels * shape.Height * shape.Width];
        WriteTensor(transformed, values, random);
        return tensor(values, [shape.Channels, shape.Height, shape.Width]);
    }

    /// <summary>The 8-bit stage.</summary>
    internal ByteImage ApplyImageTransforms(ByteImage image, IRandomSource random)
    {
        foreach (var transform in _imageTransforms)
        {
            image = transform.Apply(image, random);
        }

        return image;
    }

    /// <summary>The [channels, height, width] that <see cref="WriteTensor"/> gives for an image out of the 8-bit stage.</summary>
    internal (int Channels, int Height, int Width) OutputShape(ByteImage transformed) => (ToTensor.OutputChannels(transformed), transformed.Height, transformed.Width);

    /// <summary>The float stage: <see cref="ToTensor"/> into <paramref name="destination"/>, then the tensor transforms in place.</summary>
    internal void WriteTensor(ByteImage transformed, Span<float> destination, IRandomSource random)
    {
        // A Normalize right after ToTensor is applied with it, through a table (the same values, much faster).
        var fused = _tensorTransforms.Length > 0 ? _tensorTransforms[0] as Normalize : null;
        ToTensor.Write(transformed, destination, fused);
        var (channels, height, width) = OutputShape(transformed);
        var image = new FloatImage(destination, channels, height, width);
        foreach (var transform in _tensorTransforms.AsSpan(fused is null ? 0 : 1))
        {
            transform.Apply(image, random);
        }
    }
}
