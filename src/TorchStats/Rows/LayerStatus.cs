namespace TorchStats;

/// <summary>How a row's numbers came about.</summary>
public enum LayerStatus
{
    /// <summary>The layer ran and a counter for its type filled MAdd, Flops, MemRead, MemWrite and MACs.</summary>
    Counted,

    /// <summary>
    /// The layer ran and its type is marked as doing no arithmetic worth counting (Dropout, Identity, Flatten, an empty
    /// Sequential, …): zeros on purpose. Params and memory(MB) are still filled.
    /// </summary>
    IgnoredOnPurpose,

    /// <summary>
    /// The layer ran but no counter knows its type (or its counter could not count this call): MAdd, Flops, MemRead,
    /// MemWrite and MACs are zero and the report lists the type. Params and memory(MB) are still filled, as torchstat does.
    /// </summary>
    Unsupported,

    /// <summary>The layer never ran during the forward pass: a row of zeros, as torchstat shows it.</summary>
    NeverCalled,
}
