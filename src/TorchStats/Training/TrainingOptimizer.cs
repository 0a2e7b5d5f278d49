namespace TorchStats;

/// <summary>The optimizer of the training step: it decides how many parameter-sized buffers the training keeps.</summary>
public enum TrainingOptimizer
{
    /// <summary>Plain SGD: no state.</summary>
    Sgd,

    /// <summary>SGD with momentum: one buffer per trainable parameter (the momentum).</summary>
    SgdMomentum,

    /// <summary>Adam: two buffers per trainable parameter (the first and second moments).</summary>
    Adam,

    /// <summary>AdamW: two buffers per trainable parameter (the first and second moments).</summary>
    AdamW,
}

/// <summary>What each optimizer keeps and allocates, per trainable parameter.</summary>
internal static class TrainingOptimizers
{
    /// <summary>Parameter-sized buffers kept from one step to the next.</summary>
    public static int StateBuffers(this TrainingOptimizer optimizer) => optimizer switch
    {
        TrainingOptimizer.Sgd => 0,
        TrainingOptimizer.SgdMomentum => 1,
        _ => 2,
    };

    /// <summary>
    /// Parameter-sized temporaries alive at the end of one step: TorchSharp's Adam and AdamW compute
    /// <c>sqrt(v) / √(1 − β₂ᵗ)</c> into two new tensors per parameter, and the step frees them only when it has updated
    /// every parameter. Its SGD (momentum, no weight decay) updates in place.
    /// </summary>
    public static int StepTemporaries(this TrainingOptimizer optimizer) => optimizer is TrainingOptimizer.Adam or TrainingOptimizer.AdamW ? 2 : 0;

    public static string Describe(this TrainingOptimizer optimizer) => optimizer switch
    {
        TrainingOptimizer.Sgd => "SGD (no state)",
        TrainingOptimizer.SgdMomentum => "SGD with momentum (1 state buffer per trainable parameter)",
        TrainingOptimizer.Adam => "Adam (2 state buffers per trainable parameter)",
        _ => "AdamW (2 state buffers per trainable parameter)",
    };
}
