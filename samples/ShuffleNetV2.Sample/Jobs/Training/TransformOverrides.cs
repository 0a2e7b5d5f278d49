namespace ShuffleNet.Torch.Sample;

/// <summary>--size, --resize, --mean and --std of evaluate and quantize: the values that replace the recorded eval transform's.</summary>
internal sealed record TransformOverrides(InputSize? Size, int? Resize, float[]? Mean, float[]? Std)
{
    public static TransformOverrides None { get; } = new(null, null, null, null);

    /// <summary>The recorded transform with the given values in place of the recorded ones, and where it came from.</summary>
    /// <exception cref="UsageException">Nothing is recorded and the options do not give a whole transform.</exception>
    public (EvalTransform Transform, string Source) Apply(EvalTransform? recorded, string? recordPath, string modelPath)
    {
        var given = Size is not null || Resize is not null || Mean is not null || Std is not null;
        if (recorded is null && (Size is null || Mean is null || Std is null))
        {
            throw new UsageException(
                $"'{modelPath}' records no eval transform (no {ModelRecord.FileName} beside a weights file, no preprocessing in an ONNX file's metadata): give --size, --mean and --std (and --resize to resize first).");
        }

        var transform = new EvalTransform(
            Size?.Height ?? recorded!.Height,
            Size?.Width ?? recorded!.Width,
            Resize ?? recorded?.Resize,
            Mean ?? recorded!.Mean,
            Std ?? recorded!.Std);
        var source = recorded is null ? "the options" : given ? $"{recordPath}, with the options' values" : recordPath!;
        return (transform, source);
    }
}
