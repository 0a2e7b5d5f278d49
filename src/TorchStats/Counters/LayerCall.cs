using System;
using System.Collections.Generic;
using System.Linq;
using TorchShared;

namespace TorchStats;

/// <summary>What a counter sees of one call of a layer: the full input and output shapes (batch first) and the element size.</summary>
public sealed class LayerCall
{
    /// <summary>Describes one call.</summary>
    /// <param name="inputShape">The input's full shape, batch first.</param>
    /// <param name="outputShape">The output's full shape, batch first.</param>
    /// <param name="elementSize">Bytes per element of the input (4 for float32), as torchstat's <c>itemsize</c>.</param>
    /// <exception cref="ArgumentException">A shape has a negative size, or the element size is not positive.</exception>
    public LayerCall(IReadOnlyList<long> inputShape, IReadOnlyList<long> outputShape, long elementSize)
        : this(inputShape, outputShape, elementSize, elementSize)
    {
    }

    /// <summary>Describes one call whose output has another element type than its input (e.g. an embedding of int64 indices).</summary>
    /// <param name="inputShape">The input's full shape, batch first.</param>
    /// <param name="outputShape">The output's full shape, batch first.</param>
    /// <param name="elementSize">Bytes per element of the input (4 for float32, 8 for int64), as torchstat's <c>itemsize</c>.</param>
    /// <param name="outputElementSize">Bytes per element of the output.</param>
    /// <exception cref="ArgumentException">A shape has a negative size, or an element size is not positive.</exception>
    public LayerCall(IReadOnlyList<long> inputShape, IReadOnlyList<long> outputShape, long elementSize, long outputElementSize)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        ArgumentNullException.ThrowIfNull(outputShape);
        Validate(inputShape, nameof(inputShape));
        Validate(outputShape, nameof(outputShape));
        if (elementSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(elementSize), elementSize, $"elementSize must be positive, got {elementSize}.");
        }

        if (outputElementSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(outputElementSize), outputElementSize, $"outputElementSize must be positive, got {outputElementSize}.");
        }

        InputShape = inputShape.ToArray();
        OutputShape = outputShape.ToArray();
        ElementSize = elementSize;
        OutputElementSize = outputElementSize;
    }

    /// <summary>The input's full shape, batch first.</summary>
    public IReadOnlyList<long> InputShape { get; }

    /// <summary>The output's full shape, batch first.</summary>
    public IReadOnlyList<long> OutputShape { get; }

    /// <summary>Bytes per element of the input (torchstat multiplies memory element counts by this).</summary>
    public long ElementSize { get; }

    /// <summary>Bytes per element of the output (the same as <see cref="ElementSize"/> unless the layer changes the type).</summary>
    public long OutputElementSize { get; }

    /// <summary>The batch size: the input's first dimension (1 for a 0-D input).</summary>
    public long BatchSize => InputShape.Count > 0 ? InputShape[0] : 1;

    /// <summary>Input elements of one sample: the product of all input dimensions but the first.</summary>
    public long InputElementsPerSample => Product(InputShape, 1);

    /// <summary>Output elements of one sample: the product of all output dimensions but the first.</summary>
    public long OutputElementsPerSample => Product(OutputShape, 1);

    /// <summary>All input elements, batch included.</summary>
    public long InputElements => Product(InputShape, 0);

    /// <summary>All output elements, batch included.</summary>
    public long OutputElements => Product(OutputShape, 0);

    /// <summary>The input's rank (number of dimensions, batch included).</summary>
    public int InputRank => InputShape.Count;

    /// <inheritdoc />
    public override string ToString() => $"input {ShapeText.Format(InputShape)} -> output {ShapeText.Format(OutputShape)}, {ElementSize} B/element";

    private static long Product(IReadOnlyList<long> shape, int from)
    {
        long product = 1;
        for (var i = from; i < shape.Count; i++)
        {
            product = checked(product * shape[i]);
        }

        return product;
    }

    private static void Validate(IReadOnlyList<long> shape, string name)
    {
        if (shape.Any(d => d < 0))
        {
            throw new ArgumentException($"{name} must have no negative size, got {ShapeText.Format(shape)}.", name);
        }
    }
}
