using System;
using System.Collections.Generic;
using System.Linq;

namespace TorchStats;

/// <summary>
/// The costs of one training step (forward, backward, optimizer step) for a batch, an optimizer and a set of trained
/// parameters: per leaf module the forward and backward multiply-accumulates and what it keeps for backward, and in
/// total the step's memory at its peak by part. A plain object: <see cref="ToText"/> renders it, and
/// <see cref="ForBatch"/> and <see cref="LargestBatch"/> re-evaluate it for other batches without running the model.
/// </summary>
public sealed class TrainingCosts
{
    private readonly TrainingProfile _profile;

    internal TrainingCosts(TrainingProfile profile, long batch)
    {
        _profile = profile;
        Batch = batch;
        Rows = profile.Rows.Select(r => r.At(batch)).ToArray();
        var trainable = profile.TrainableBytes;
        Memory = new TrainingMemory(
            batch,
            profile.ParameterBytes,
            trainable,
            profile.Optimizer.StateBuffers() * trainable,
            profile.BatchBytes.At(batch),
            profile.KeptBytes(batch),
            profile.ActivationPeak(batch) - profile.KeptBytes(batch),
            profile.Optimizer.StepTemporaries() * trainable,
            profile.Process.RuntimeBytes,
            (long)Math.Round(profile.Process.HeapRetention * profile.KeptHeapBytes(batch, profile.Process.HeapBlockBytes)));
    }

    /// <summary>The model's type name.</summary>
    public string ModelName => _profile.ModelName;

    /// <summary>The input shape the analysis ran on, batch first; its batch need not be <see cref="Batch"/>.</summary>
    public IReadOnlyList<long> AnalysedInputShape => _profile.InputShape;

    /// <summary>The input's element type, e.g. <c>float32</c>.</summary>
    public string InputType => _profile.InputType;

    /// <summary>The device the analysis ran on.</summary>
    public string Device => _profile.Device;

    /// <summary>The batch of the training step these costs are for.</summary>
    public long Batch { get; }

    /// <summary>What the process holds beyond its tensors, as estimated.</summary>
    public ProcessOverhead Process => _profile.Process;

    /// <summary>The optimizer.</summary>
    public TrainingOptimizer Optimizer => _profile.Optimizer;

    /// <summary>Which parameters are trained, as described by <see cref="TrainableParameters.Description"/>.</summary>
    public string Trainable => _profile.Trainable;

    /// <summary>Elements of all the model's parameters.</summary>
    public long ModelParameters => _profile.ModelParameters;

    /// <summary>Elements of the trained parameters.</summary>
    public long TrainedParameters => _profile.TrainableParameters;

    /// <summary>One row per leaf module, in the statistics table's order (registration order).</summary>
    public IReadOnlyList<TrainingRow> Rows { get; }

    /// <summary>Forward multiply-accumulates of the step (convolution and linear layers).</summary>
    public long ForwardMacs => Rows.Sum(r => r.ForwardMacs);

    /// <summary>Multiply-accumulates of the input gradients.</summary>
    public long GradInputMacs => Rows.Sum(r => r.GradInputMacs);

    /// <summary>Multiply-accumulates of the weight gradients.</summary>
    public long GradWeightMacs => Rows.Sum(r => r.GradWeightMacs);

    /// <summary>Backward multiply-accumulates: <see cref="GradInputMacs"/> + <see cref="GradWeightMacs"/>.</summary>
    public long BackwardMacs => GradInputMacs + GradWeightMacs;

    /// <summary>FLOPs of the step's forward and backward as PyTorch's <c>FlopCounterMode</c> counts them: 2 per multiply-accumulate.</summary>
    public long StepFlops => 2 * (ForwardMacs + BackwardMacs);

    /// <summary>The step's memory at its peak, by part.</summary>
    public TrainingMemory Memory { get; }

    /// <summary>The part of <see cref="TrainingMemory.PeakBytes"/> that does not grow with the batch (parameters, gradients, optimizer state, per-channel statistics).</summary>
    public long FixedBytes => new TrainingCosts(_profile, 0).Memory.PeakBytes;

    /// <summary>The part of <see cref="TrainingMemory.PeakBytes"/> per image of the batch, at this batch.</summary>
    public double PerImageBytes => Batch == 0 ? 0 : (double)(Memory.PeakBytes - FixedBytes) / Batch;

    /// <summary>The layer types through which a gradient flows but whose kept tensors are not modelled (counted as nothing).</summary>
    public IReadOnlyList<string> NotModelledTypes => _profile.NotModelledTypes;

    /// <summary>The rows of modules that never ran.</summary>
    public IReadOnlyList<TrainingRow> NeverCalled => Rows.Where(r => r.Status == TrainingLayerStatus.NeverCalled).ToArray();

    /// <summary>The same costs for another batch (the analysis is not run again).</summary>
    /// <param name="batch">0 or more; 0 gives the fixed part alone.</param>
    /// <returns>The costs at <paramref name="batch"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batch"/> is negative.</exception>
    public TrainingCosts ForBatch(long batch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batch);
        return new TrainingCosts(_profile, batch);
    }

    /// <summary>
    /// The largest batch whose estimated peak (<see cref="TrainingMemory.PeakBytes"/>) fits in <paramref name="bytes"/>:
    /// one less than the smallest batch that does not fit.
    /// </summary>
    /// <param name="bytes">The memory available to the training process, in bytes.</param>
    /// <returns>The batch, or 0 when not even one image fits.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bytes"/> is negative.</exception>
    public long LargestBatch(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        if (Peak(1) > bytes)
        {
            return 0;
        }

        // Double until a batch does not fit (every image adds at least its input), then bisect.
        long fits = 1, fails = 2;
        while (Peak(fails) <= bytes)
        {
            fits = fails;
            fails *= 2;
        }

        while (fails - fits > 1)
        {
            var middle = fits + ((fails - fits) / 2);
            if (Peak(middle) <= bytes)
            {
                fits = middle;
            }
            else
            {
                fails = middle;
            }
        }

        return fits;
    }

    /// <summary>The text rendering: a table with one row per leaf, then the totals and the memory by part.</summary>
    /// <param name="memoryLimitBytes">When set, also the largest batch that fits in this many bytes.</param>
    /// <returns>The text, ending with a newline.</returns>
    public string ToText(long? memoryLimitBytes = null) => TrainingCostsFormatter.Format(this, memoryLimitBytes);

    /// <inheritdoc />
    public override string ToString() =>
        $"{ModelName}, batch {PythonFormat.Grouped(Batch)}, {Optimizer}, trained: {Trainable}: forward {PythonFormat.Grouped(ForwardMacs)} MACs, " +
        $"backward {PythonFormat.Grouped(BackwardMacs)} MACs, peak {PythonFormat.Grouped(Memory.PeakBytes)} B";

    private long Peak(long batch)
    {
        try
        {
            return new TrainingCosts(_profile, batch).Memory.PeakBytes;
        }
        catch (OverflowException)
        {
            return long.MaxValue;
        }
    }
}
