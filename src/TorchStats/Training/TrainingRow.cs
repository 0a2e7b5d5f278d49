namespace TorchStats;

/// <summary>How a leaf module takes part in the training step.</summary>
public enum TrainingLayerStatus
{
    /// <summary>A gradient flows through it; what it keeps for backward and its backward work are counted.</summary>
    Counted,

    /// <summary>No gradient flows through it (its input needs none and it has no trained parameter): it keeps nothing and does no backward work.</summary>
    NoGradient,

    /// <summary>A gradient flows through it, but what its type keeps for backward is not modelled: counted as nothing, and listed in the report.</summary>
    NotModelled,

    /// <summary>It never ran.</summary>
    NeverCalled,

    /// <summary>Its forward does not take and return one tensor, so its calls cannot be observed.</summary>
    NotObservable,
}

/// <summary>
/// One leaf module's part of a training step, summed over its calls, for the batch of the <see cref="TrainingCosts"/>.
/// Multiply-accumulates follow PyTorch's <c>FlopCounterMode</c>: only convolution and linear layers have them (one
/// FLOP there is two MACs), the input's gradient costs the forward's MACs again where a gradient flows into the
/// input, and the weight's gradient costs them again where the weight is trained.
/// </summary>
/// <param name="Name">The dotted module path.</param>
/// <param name="TypeName">The module's .NET type name.</param>
/// <param name="Status">Whether it is counted, and if not why.</param>
/// <param name="Calls">How many times it ran; every call is counted (a layer called twice keeps and costs twice).</param>
/// <param name="InputNeedsGradient">Whether a gradient flows into its input (in any call): false for the first layer and for every layer before the first trained parameter.</param>
/// <param name="TrainableParameters">Elements of its own parameters that are trained.</param>
/// <param name="ForwardMacs">Multiply-accumulates of the forward pass (convolution and linear layers only).</param>
/// <param name="GradInputMacs">Multiply-accumulates of the input's gradient: the forward's again, or 0 where no gradient flows into the input.</param>
/// <param name="GradWeightMacs">Multiply-accumulates of the weight's gradient: the forward's again, or 0 for a frozen weight.</param>
/// <param name="KeptBytes">Bytes it keeps for backward, each storage counted once: a tensor several layers keep (a ReLU's output that the next convolution keeps as its input) is counted in the first that keeps it.</param>
/// <param name="Note">Why it is not counted, when it is not.</param>
public sealed record TrainingRow(
    string Name,
    string TypeName,
    TrainingLayerStatus Status,
    int Calls,
    bool InputNeedsGradient,
    long TrainableParameters,
    long ForwardMacs,
    long GradInputMacs,
    long GradWeightMacs,
    long KeptBytes,
    string? Note = null)
{
    /// <summary>Multiply-accumulates of the backward pass: <see cref="GradInputMacs"/> + <see cref="GradWeightMacs"/>.</summary>
    public long BackwardMacs => GradInputMacs + GradWeightMacs;
}
