using System;

namespace TorchTraining.Transforms;

/// <summary>One float32 image laid out as a tensor [channels, height, width], seen in place (for example inside a batch).</summary>
public readonly ref struct FloatImage
{
    /// <summary>Sees <paramref name="values"/> as a [channels, height, width] image.</summary>
    /// <param name="values">channels × height × width values, channel planes one after the other, rows top to bottom.</param>
    /// <param name="channels">The number of channels (at least 1).</param>
    /// <param name="height">Rows (at least 1).</param>
    /// <param name="width">Values per row (at least 1).</param>
    /// <exception cref="ArgumentException">A size is not positive or the span's length is not their product.</exception>
    public FloatImage(Span<float> values, int channels, int height, int width)
    {
        if (channels <= 0 || height <= 0 || width <= 0)
        {
            throw new ArgumentException($"A float image needs positive sizes, got {channels}×{height}×{width}.", nameof(channels));
        }

        if (values.Length != (long)channels * height * width)
        {
            throw new ArgumentException($"A {channels}×{height}×{width} image needs {(long)channels * height * width} values, got {values.Length}.", nameof(values));
        }

        Values = values;
        Channels = channels;
        Height = height;
        Width = width;
    }

    /// <summary>The values, [channels, height, width] in row-major order: (c, y, x) is at (c × Height + y) × Width + x.</summary>
    public Span<float> Values { get; }

    /// <summary>The number of channels.</summary>
    public int Channels { get; }

    /// <summary>Rows.</summary>
    public int Height { get; }

    /// <summary>Values per row.</summary>
    public int Width { get; }

    /// <summary>One channel's plane (Height × Width values).</summary>
    /// <param name="channel">0 to <see cref="Channels"/> - 1.</param>
    public Span<float> Plane(int channel) => Values.Slice(channel * Height * Width, Height * Width);
}
