using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Serialization;
using ShuffleNet.Torch.Onnx;
using TorchTraining.Transforms;

namespace ShuffleNet.Torch.Sample;

/// <summary>
/// The evaluation transform of a trained model, torchvision's way: <c>Resize(Resize)</c> (the shorter side; none when
/// null), <c>CenterCrop(Height × Width)</c>, <c>ToTensor()</c> with grey images replicated to three channels, and
/// <c>Normalize(Mean, Std)</c>. Recorded in the run's model.json and in the ONNX file's metadata.
/// </summary>
internal sealed record EvalTransform(int Height, int Width, int? Resize, float[] Mean, float[] Std)
{
    public static EvalTransform ImageNet(int size) => new(size, size, (int)System.Math.Round(size * 256.0 / 224.0), [0.485f, 0.456f, 0.406f], [0.229f, 0.224f, 0.225f]);

    public static EvalTransform From(OnnxPreprocessing preprocessing) =>
        new(preprocessing.InputHeight, preprocessing.InputWidth, preprocessing.ResizeSize, [.. preprocessing.Mean], [.. preprocessing.Std]);

    /// <summary>The pipeline: 8-bit resize and crop, then float32 with three channels, normalised.</summary>
    public Compose ToCompose()
    {
        var imageTransforms = new List<IImageTransform>();
        if (Resize is { } resize)
        {
            imageTransforms.Add(new TorchTraining.Transforms.Resize(resize));
        }

        imageTransforms.Add(new CenterCrop(Height, Width));
        return new Compose(imageTransforms, new ToTensor(channels: 3), [new Normalize(Mean, Std)]);
    }

    public OnnxPreprocessing ToOnnx() => new(Height, Width, Mean, Std, Resize);

    /// <summary>As JSON reports it: size [H, W], resize, mean and std.</summary>
    public object ToJson() => new { size = new[] { Height, Width }, resize = Resize, mean = Mean, std = Std };

    public override string ToString() => ToOnnx().ToString();
}

/// <summary>The transform as model.json stores it (snake-case names).</summary>
internal sealed class EvalTransformRecord
{
    [JsonPropertyName("size")]
    public int[] Size { get; set; } = [];

    [JsonPropertyName("resize")]
    public int? Resize { get; set; }

    [JsonPropertyName("mean")]
    public float[] Mean { get; set; } = [];

    [JsonPropertyName("std")]
    public float[] Std { get; set; } = [];

    public static EvalTransformRecord From(EvalTransform transform) =>
        new() { Size = [transform.Height, transform.Width], Resize = transform.Resize, Mean = transform.Mean, Std = transform.Std };

    /// <exception cref="UsageException">The record is incomplete or out of range; the message names <paramref name="file"/>.</exception>
    public EvalTransform ToTransform(string file)
    {
        if (Size is not [> 0, > 0] || Mean.Length != 3 || Std.Length != 3 || Std.Any(s => !(s > 0)) || Resize is <= 0)
        {
            throw new UsageException($"'{file}' holds no usable eval_transform (size [H, W], optional resize, three means and three positive stds).");
        }

        return new EvalTransform(Size[0], Size[1], Resize, Mean, Std);
    }
}
