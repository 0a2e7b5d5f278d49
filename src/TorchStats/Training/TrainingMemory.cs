using System;

namespace TorchStats;

/// <summary>
/// The estimated memory of one training step at its peak, in bytes, by part. The tensors' peak is the activation peak
/// (usually early in backward, where everything kept for backward is still alive; see <see cref="ActivationPeakBytes"/>),
/// unless the optimizer step's temporaries outgrow it; the process adds the runtime's cost and the freed memory its allocator keeps
/// (<see cref="ProcessOverhead"/>).
/// </summary>
/// <param name="Batch">The batch the estimate is for.</param>
/// <param name="ParameterBytes">Every parameter of the model, trained or not.</param>
/// <param name="GradientBytes">One gradient per trained parameter (kept between steps: TorchSharp's <c>zero_grad</c> zeroes them in place).</param>
/// <param name="OptimizerStateBytes">The optimizer's buffers per trained parameter: none for SGD, 1 with momentum, 2 for Adam and AdamW.</param>
/// <param name="BatchBytes">The model's input for the batch.</param>
/// <param name="KeptActivationBytes">Everything the layers keep for backward, each storage once (the batch itself excluded: it is <paramref name="BatchBytes"/>).</param>
/// <param name="TransientBytes">
/// What is alive at the activation peak besides the kept tensors: in backward, the gradients of the current layer's
/// output and input; in the forward (the peak when little is kept, as with a frozen backbone), the current layer's input
/// and output.
/// </param>
/// <param name="OptimizerStepTemporaryBytes">Temporaries of the optimizer step, alive after backward has released the activations (TorchSharp's Adam and AdamW: two per trained parameter).</param>
/// <param name="RuntimeBytes">The runtime's own cost of a first training step (<see cref="ProcessOverhead.RuntimeBytes"/>).</param>
/// <param name="AllocatorRetainedBytes">Freed memory the allocator keeps resident at the peak (<see cref="ProcessOverhead.HeapRetention"/> of the kept tensors in heap blocks).</param>
public sealed record TrainingMemory(
    long Batch,
    long ParameterBytes,
    long GradientBytes,
    long OptimizerStateBytes,
    long BatchBytes,
    long KeptActivationBytes,
    long TransientBytes,
    long OptimizerStepTemporaryBytes,
    long RuntimeBytes,
    long AllocatorRetainedBytes)
{
    /// <summary>The activation peak above the model, gradients, optimizer state and batch: <see cref="KeptActivationBytes"/> + <see cref="TransientBytes"/>.</summary>
    public long ActivationPeakBytes => KeptActivationBytes + TransientBytes;

    /// <summary>The tensors at the step's peak: parameters, gradients, optimizer state, batch, and the larger of the activation peak and the optimizer step's temporaries.</summary>
    public long TensorPeakBytes => ParameterBytes + GradientBytes + OptimizerStateBytes + BatchBytes + Math.Max(ActivationPeakBytes, OptimizerStepTemporaryBytes);

    /// <summary>The process at the step's peak: <see cref="TensorPeakBytes"/>, the runtime's cost and what the allocator keeps resident.</summary>
    public long PeakBytes => TensorPeakBytes + RuntimeBytes + AllocatorRetainedBytes;

    /// <summary>What the training step adds to a process that already holds the model and the batch: <see cref="PeakBytes"/> without the parameters and the batch.</summary>
    public long StepBytes => PeakBytes - ParameterBytes - BatchBytes;
}
