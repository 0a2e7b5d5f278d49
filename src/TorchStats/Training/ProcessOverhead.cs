using System;

namespace TorchStats;

/// <summary>
/// What a training process holds beyond its tensors, which the module tree cannot show. Two terms, both measured (see
/// <see cref="GlibcDefaults"/>): the runtime's own cost of a first training step, and the memory the C allocator keeps
/// resident after the tensors that used it are freed.
/// </summary>
/// <param name="RuntimeBytes">
/// Bytes the runtime allocates for its first training step whatever the model and batch: libtorch's backward machinery,
/// the CPU kernels generated for it, compiled .NET code. A constant of the runtime, not of the model.
/// </param>
/// <param name="HeapRetention">
/// The fraction of the kept tensors in heap blocks (at most <paramref name="HeapBlockBytes"/> each) that the allocator
/// holds in addition, as freed but resident memory: 0 for an allocator that returns every freed block.
/// </param>
/// <param name="HeapBlockBytes">Blocks up to this size come from the allocator's heap; larger ones are mapped on their own and returned when freed.</param>
public sealed record ProcessOverhead(long RuntimeBytes, double HeapRetention, long HeapBlockBytes)
{
    private const long MiB = 1024 * 1024;

    /// <summary>The tensors alone: no runtime cost, no allocator retention (for comparing with an allocator that returns freed memory).</summary>
    public static ProcessOverhead None { get; } = new(0, 0, 0);

    /// <summary>
    /// TorchSharp 0.107 (libtorch 2.10) on the CPU under Linux with glibc's malloc at its defaults, as measured by
    /// <c>benchmarks/ShuffleNetV2.TrainingMemory calibrate</c> (see BENCHMARKS.md): the first step costs the runtime 37 MiB;
    /// glibc serves blocks up to 32 MiB (its largest dynamic mmap threshold on 64-bit) from its heap, keeps them
    /// resident when freed, and the next step's tensors reuse that memory only in part: the heap holds about 0.75 more
    /// of the kept tensors in such blocks (0.60 to 0.89 in the four calibration runs).
    /// </summary>
    public static ProcessOverhead GlibcDefaults { get; } = new(37 * MiB, 0.75, 32 * MiB);

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is negative, or the retention is not finite.</exception>
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(RuntimeBytes);
        ArgumentOutOfRangeException.ThrowIfNegative(HeapBlockBytes);
        if (!double.IsFinite(HeapRetention) || HeapRetention < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(HeapRetention), HeapRetention, "HeapRetention must be a finite number of 0 or more.");
        }
    }
}
