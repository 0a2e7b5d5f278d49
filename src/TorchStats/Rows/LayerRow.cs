using System;
using System.Collections.Generic;
using System.Linq;

namespace TorchStats;

/// <summary>
/// One leaf module's statistics: one row of the table, in torchstat's column order. Which columns cover one sample and
/// which the whole batch is stated on each property (and in <see cref="StatisticsColumns"/>).
/// </summary>
/// <param name="Name">The dotted module path, e.g. <c>inverted_block.0.branch1.0</c> (empty for a model that is a single layer).</param>
/// <param name="TypeName">The module's .NET type name, e.g. <c>Conv2d</c>.</param>
/// <param name="Status">Counted, ignored on purpose, unsupported or never called.</param>
/// <param name="InputShape">The full input shape of the row's call (the last one unless every call is counted), batch first; empty when never called.</param>
/// <param name="OutputShape">The full output shape of the row's call, batch first; empty when never called.</param>
/// <param name="Parameters">
/// torchstat's params: elements of the layer's own parameters; 0 when never called, and in the rows of its later calls
/// when every call is counted (so that the total counts each parameter once). Does not scale with batch.
/// </param>
/// <param name="MemoryMB">torchstat's memory(MB): the output of ONE sample, elements × element size / 1024², stored as float32 as torchstat does. Does not scale with batch.</param>
/// <param name="MAdd">torchstat's MAdd: multiplications plus additions for ONE sample. Does not scale with batch.</param>
/// <param name="Flops">torchstat's Flops for the WHOLE batch. Scales with batch.</param>
/// <param name="MemoryReadBytes">torchstat's MemRead(B): bytes read (input, and weights once per sample) for the whole batch. Scales with batch.</param>
/// <param name="MemoryWriteBytes">torchstat's MemWrite(B): bytes written (the output) for the whole batch. Scales with batch.</param>
/// <param name="Macs">Multiply-accumulates of convolution and linear layers only (the papers' and torchvision's "FLOPs"), whole batch; 0 for other layers. Scales with batch.</param>
/// <param name="Duration">Wall time of the last call (includes hook overhead; not reproducible).</param>
/// <param name="Calls">
/// How many times the layer ran. torchstat keeps only the last call's numbers, and so does this row unless the report
/// counts every call (<see cref="CallCounting.EveryCall"/>): then the layer has one row per call, each with this count.
/// </param>
/// <param name="Note">Why the row is unsupported, when a counter gave a reason; otherwise null.</param>
public sealed record LayerRow(
    string Name,
    string TypeName,
    LayerStatus Status,
    IReadOnlyList<long> InputShape,
    IReadOnlyList<long> OutputShape,
    long Parameters,
    float MemoryMB,
    long MAdd,
    long Flops,
    long MemoryReadBytes,
    long MemoryWriteBytes,
    long Macs,
    TimeSpan Duration,
    int Calls,
    string? Note = null)
{
    /// <summary>
    /// Which of the layer's calls (0-based, in the order they ran) this row describes: the last one under
    /// <see cref="CallCounting.LastCall"/>, its own under <see cref="CallCounting.EveryCall"/>; null for a layer that
    /// never ran or could not be observed.
    /// </summary>
    public int? CallIndex { get; init; }

    /// <summary>torchstat's MemR+W(B): <see cref="MemoryReadBytes"/> + <see cref="MemoryWriteBytes"/>, whole batch. Scales with batch.</summary>
    public long MemoryReadWriteBytes => MemoryReadBytes + MemoryWriteBytes;

    /// <summary>Value equality, shapes compared element by element.</summary>
    /// <param name="other">The row to compare with.</param>
    /// <returns>Whether every field is equal.</returns>
    public bool Equals(LayerRow? other) =>
        other is not null
        && Name == other.Name && TypeName == other.TypeName && Status == other.Status
        && InputShape.SequenceEqual(other.InputShape) && OutputShape.SequenceEqual(other.OutputShape)
        && Parameters == other.Parameters && MemoryMB.Equals(other.MemoryMB) && MAdd == other.MAdd && Flops == other.Flops
        && MemoryReadBytes == other.MemoryReadBytes && MemoryWriteBytes == other.MemoryWriteBytes && Macs == other.Macs
        && Duration == other.Duration && Calls == other.Calls && CallIndex == other.CallIndex && Note == other.Note;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, Status, Parameters, MAdd, Flops, Macs, Calls, CallIndex);
}
