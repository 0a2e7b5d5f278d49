using System;
using System.Collections.Generic;
using System.Linq;

namespace TorchStats;

/// <summary>
/// What the training walk found, independent of the batch: every batch-dependent number as a part per image and a
/// fixed part, so that <see cref="TrainingCosts"/> can be given for any batch.
/// </summary>
internal sealed class TrainingProfile
{
    public required string ModelName { get; init; }

    public required long[] InputShape { get; init; }

    public required string InputType { get; init; }

    public required string Device { get; init; }

    public required TrainingOptimizer Optimizer { get; init; }

    public required ProcessOverhead Process { get; init; }

    public required string Trainable { get; init; }

    public required long ModelParameters { get; init; }

    public required long TrainableParameters { get; init; }

    public required long ParameterBytes { get; init; }

    public required long TrainableBytes { get; init; }

    public required Affine BatchBytes { get; init; }

    public required IReadOnlyList<RowProfile> Rows { get; init; }

    /// <summary>Every kept tensor once, with the call that keeps it first (backward releases it after that call).</summary>
    public required IReadOnlyList<KeptEntry> Kept { get; init; }

    /// <summary>Every call in execution order: what it has alive besides the kept tensors, in the forward and in backward.</summary>
    public required IReadOnlyList<CallTensors> Calls { get; init; }

    public required IReadOnlyList<string> NotModelledTypes { get; init; }
}

/// <summary>A number of bytes (or operations) that grows with the batch: <c>Fixed + PerImage × batch</c>.</summary>
internal readonly record struct Affine(long Fixed, long PerImage)
{
    public static Affine Zero => default;

    public long At(long batch) => checked(Fixed + (PerImage * batch));

    public static Affine operator +(Affine a, Affine b) => new(checked(a.Fixed + b.Fixed), checked(a.PerImage + b.PerImage));

    /// <summary>A quantity measured at <paramref name="walkBatch"/> that grows with the batch, as a part per image.</summary>
    public static Affine PerImageOf(long value, long walkBatch) => new(0, (value + walkBatch - 1) / walkBatch);
}

/// <summary>One kept tensor: the first call that keeps it, and its bytes.</summary>
internal readonly record struct KeptEntry(int Call, Affine Bytes);

/// <summary>
/// What one call has alive besides the kept tensors: in backward, the gradient it reads (its output's) and the one it
/// writes (its input's), 0 where none flows; in the forward, its input and output, unless an earlier call keeps them
/// (or the input is the batch, or the output is the input, computed in place).
/// </summary>
internal readonly record struct CallTensors(Affine OutputGradient, Affine InputGradient, Affine Forward);

/// <summary>One leaf's numbers, per image where they grow with the batch.</summary>
internal sealed record RowProfile(
    string Name,
    string TypeName,
    TrainingLayerStatus Status,
    int Calls,
    bool InputNeedsGradient,
    long TrainableParameters,
    long ForwardMacsPerImage,
    long GradInputMacsPerImage,
    long GradWeightMacsPerImage,
    Affine KeptBytes,
    string? Note)
{
    public TrainingRow At(long batch) => new(
        Name, TypeName, Status, Calls, InputNeedsGradient, TrainableParameters,
        checked(ForwardMacsPerImage * batch), checked(GradInputMacsPerImage * batch), checked(GradWeightMacsPerImage * batch),
        KeptBytes.At(batch), Note);
}

internal static class TrainingProfiles
{
    /// <summary>Everything kept for backward at <paramref name="batch"/>.</summary>
    public static long KeptBytes(this TrainingProfile profile, long batch) => profile.Kept.Sum(k => k.Bytes.At(batch));

    /// <summary>The kept tensors at <paramref name="batch"/> whose storage is a heap block (at most <paramref name="blockLimit"/> bytes).</summary>
    public static long KeptHeapBytes(this TrainingProfile profile, long batch, long blockLimit) =>
        profile.Kept.Select(k => k.Bytes.At(batch)).Where(b => b <= blockLimit).Sum();

    /// <summary>
    /// The activation peak at <paramref name="batch"/>: the larger of the forward's and the backward's. While the forward
    /// runs call k, the tensors kept by earlier calls are alive, and so are call k's input and output. While backward runs
    /// through call k, the kept tensors whose first keeper is at or before k are alive (a kept tensor is released after
    /// the backward of the earliest call that keeps it), and so are the gradients of call k's output and input.
    /// </summary>
    public static long ActivationPeak(this TrainingProfile profile, long batch)
    {
        var keptAt = new long[profile.Calls.Count];
        foreach (var kept in profile.Kept)
        {
            keptAt[kept.Call] += kept.Bytes.At(batch);
        }

        long keptBefore = 0, peak = 0;
        for (var k = 0; k < profile.Calls.Count; k++)
        {
            var call = profile.Calls[k];
            peak = Math.Max(peak, keptBefore + call.Forward.At(batch));
            keptBefore += keptAt[k];
            peak = Math.Max(peak, keptBefore + call.OutputGradient.At(batch) + call.InputGradient.At(batch));
        }

        return Math.Max(peak, keptBefore);
    }
}
