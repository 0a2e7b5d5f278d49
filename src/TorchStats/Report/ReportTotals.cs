using System;

namespace TorchStats;

/// <summary>
/// Column sums over all rows, computed once by the report. Unlike torchstat's table, MemRead and MemWrite here are true
/// sums (torchstat's total row repeats the last row's values). <see cref="CallCounting"/> says whether the rows are the
/// last call of each module or every call.
/// </summary>
/// <param name="Parameters">Σ params (never-called rows count 0, as in torchstat). Does not scale with batch.</param>
/// <param name="MemoryMB">Σ memory(MB), summed in float32 exactly as torchstat (numpy) does. Per sample.</param>
/// <param name="MAdd">Σ MAdd. Per sample.</param>
/// <param name="Flops">Σ Flops. Whole batch.</param>
/// <param name="MemoryReadBytes">Σ MemRead(B). Whole batch.</param>
/// <param name="MemoryWriteBytes">Σ MemWrite(B). Whole batch.</param>
/// <param name="Macs">Σ MACs (convolution and linear layers). Whole batch.</param>
/// <param name="Duration">Σ of the rows' last-call wall times.</param>
public sealed record ReportTotals(
    long Parameters,
    float MemoryMB,
    long MAdd,
    long Flops,
    long MemoryReadBytes,
    long MemoryWriteBytes,
    long Macs,
    TimeSpan Duration)
{
    /// <summary>Which calls the sums cover: the last call of each module (torchstat's way) or every call.</summary>
    public CallCounting CallCounting { get; init; }

    /// <summary>Σ MemR+W(B) = MemRead + MemWrite. Whole batch.</summary>
    public long MemoryReadWriteBytes => MemoryReadBytes + MemoryWriteBytes;
}
