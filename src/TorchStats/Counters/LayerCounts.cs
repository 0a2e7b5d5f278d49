namespace TorchStats;

/// <summary>
/// The numbers a counter returns for one call of a layer. Params and memory(MB) are not here: the walk fills them the
/// same way for every layer.
/// </summary>
/// <param name="MAdd">torchstat's MAdd for ONE sample (multiplications plus additions).</param>
/// <param name="Flops">torchstat's Flops for the whole batch.</param>
/// <param name="MemoryReadBytes">Bytes read for the whole batch (torchstat's MemRead).</param>
/// <param name="MemoryWriteBytes">Bytes written for the whole batch (torchstat's MemWrite).</param>
/// <param name="Macs">Multiply-accumulates for the whole batch; by convention only convolution and linear layers report them.</param>
public readonly record struct LayerCounts(long MAdd, long Flops, long MemoryReadBytes, long MemoryWriteBytes, long Macs)
{
    /// <summary>All zeros.</summary>
    public static LayerCounts Zero => default;
}
