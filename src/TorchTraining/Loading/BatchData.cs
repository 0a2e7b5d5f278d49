using System;
using System.Buffers;
using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace TorchTraining.Loading;

/// <summary>
/// A batch as managed arrays, made by a worker. The tensors are created only from <see cref="ToBatch"/>, on the
/// consuming thread, so that no tensor can be left behind by a worker that stops.
/// </summary>
internal sealed class BatchData
{
    private float[]? _images;

    public BatchData(float[] images, long[] labels, int channels, int height, int width)
    {
        _images = images;
        Labels = labels;
        Channels = channels;
        Height = height;
        Width = width;
    }

    public long[] Labels { get; }

    public int Channels { get; }

    public int Height { get; }

    public int Width { get; }

    public int Count => Labels.Length;

    /// <summary>Rents the image buffer of a batch (longer than asked, possibly); give it back with <see cref="ReturnBuffer"/>.</summary>
    public static float[] RentBuffer(int length) => ArrayPool<float>.Shared.Rent(length);

    public static void ReturnBuffer(float[] buffer) => ArrayPool<float>.Shared.Return(buffer);

    /// <summary>Copies the arrays into new tensors outside any dispose scope.</summary>
    public Batch ToBatch()
    {
        var values = (_images ?? throw new ObjectDisposedException(nameof(BatchData))).AsSpan(0, Count * Channels * Height * Width);
        var images = empty([Count, Channels, Height, Width], ScalarType.Float32).DetachFromDisposeScope();
        Tensor? labels = null;
        try
        {
            MemoryMarshal.AsBytes(values).CopyTo(images.bytes);
            labels = empty([Count], ScalarType.Int64).DetachFromDisposeScope();
            MemoryMarshal.AsBytes(Labels.AsSpan()).CopyTo(labels.bytes);
            return new Batch(images, labels);
        }
        catch
        {
            images.Dispose();
            labels?.Dispose();
            throw;
        }
    }

    /// <summary>Gives the image buffer back to the pool; the batch is unusable afterwards.</summary>
    public void Release()
    {
        var images = _images;
        _images = null;
        if (images is not null)
        {
            ReturnBuffer(images);
        }
    }
}
