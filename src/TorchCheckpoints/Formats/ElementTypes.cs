using System;
using System.IO;
using TorchShared;
using static TorchSharp.torch;

namespace TorchCheckpoints;

/// <summary>Element sizes and conversions of the tensor element types that checkpoints hold.</summary>
internal static class ElementTypes
{
    public static int Size(ScalarType dtype) => dtype switch
    {
        ScalarType.Float64 or ScalarType.Int64 => 8,
        ScalarType.Float32 or ScalarType.Int32 => 4,
        ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Int16 => 2,
        ScalarType.Int8 or ScalarType.Byte or ScalarType.Bool => 1,
        _ => throw new InvalidDataException($"Unsupported tensor element type {dtype}."),
    };

    public static bool IsFloating(ScalarType dtype) =>
        dtype is ScalarType.Float64 or ScalarType.Float32 or ScalarType.Float16 or ScalarType.BFloat16;

    public static bool IsInteger(ScalarType dtype) =>
        dtype is ScalarType.Int64 or ScalarType.Int32 or ScalarType.Int16 or ScalarType.Int8 or ScalarType.Byte;

    /// <summary>Whether a file's tensor may be converted into a model tensor: floating to floating, integer to integer.</summary>
    public static bool CanConvert(ScalarType from, ScalarType to) =>
        from == to || (IsFloating(from) && IsFloating(to)) || (IsInteger(from) && IsInteger(to));

    /// <summary>A new CPU tensor of the given type and shape holding a copy of <paramref name="data"/> (native byte order).</summary>
    public static Tensor FromBytes(ReadOnlySpan<byte> data, ScalarType dtype, long[] shape)
    {
        var tensor = empty(shape, dtype, device: CPU);
        var expected = tensor.NumberOfElements * Size(dtype);
        if (data.Length != expected)
        {
            tensor.Dispose();
            throw new InvalidDataException($"A tensor of shape {ShapeText.Format(shape)} and type {dtype} needs {expected} bytes, the file has {data.Length}.");
        }

        if (expected > 0)
        {
            data.CopyTo(tensor.bytes);
        }

        return tensor;
    }

    /// <summary>Materialises a torch.save tensor view (offset, shape, stride) over its storage's bytes as a contiguous CPU tensor.</summary>
    public static Tensor FromStorage(TensorRef tensor, ReadOnlySpan<byte> storageBytes, string key)
    {
        var storage = tensor.Storage;
        long numel = 1;
        long lastIndex = tensor.Offset;
        try
        {
            for (var i = 0; i < tensor.Shape.Length; i++)
            {
                numel = checked(numel * tensor.Shape[i]);
                lastIndex = checked(lastIndex + ((tensor.Shape[i] - 1) * tensor.Stride[i]));
            }
        }
        catch (OverflowException)
        {
            throw new InvalidDataException($"Tensor '{key}' has an impossible shape {ShapeText.Format(tensor.Shape)}.");
        }

        if (numel > 0 && lastIndex >= storage.ElementCount)
        {
            throw new InvalidDataException(
                $"Tensor '{key}' (shape {ShapeText.Format(tensor.Shape)}, offset {tensor.Offset}) reaches past the end of its storage '{storage.Key}' of {storage.ElementCount} elements.");
        }

        using var whole = FromBytes(storageBytes, storage.DType, [storage.ElementCount]);
        using var view = whole.as_strided(tensor.Shape, tensor.Stride, tensor.Offset);
        using var contiguous = view.contiguous();
        return contiguous.clone();
    }
}
