namespace TorchStats;

/// <summary>Rows summed by module path (see <see cref="StatisticsReport.Rollup"/>), with each sum's share of the report's total.</summary>
/// <param name="Name">The group's module path, e.g. <c>inverted_block.3</c>.</param>
/// <param name="Layers">How many rows (leaf modules) it holds.</param>
/// <param name="Parameters">Σ params.</param>
/// <param name="MemoryMB">Σ memory(MB) (per sample).</param>
/// <param name="MAdd">Σ MAdd (per sample).</param>
/// <param name="Flops">Σ Flops (whole batch).</param>
/// <param name="MemoryReadWriteBytes">Σ MemR+W(B) (whole batch).</param>
/// <param name="Macs">Σ MACs (whole batch).</param>
/// <param name="ParameterShare">Parameters / total parameters (0 when the total is 0).</param>
/// <param name="MAddShare">MAdd / total MAdd.</param>
/// <param name="FlopsShare">Flops / total Flops.</param>
/// <param name="MemoryReadWriteShare">MemR+W / total MemR+W.</param>
/// <param name="MacsShare">MACs / total MACs.</param>
public sealed record RollupGroup(
    string Name,
    int Layers,
    long Parameters,
    double MemoryMB,
    long MAdd,
    long Flops,
    long MemoryReadWriteBytes,
    long Macs,
    double ParameterShare,
    double MAddShare,
    double FlopsShare,
    double MemoryReadWriteShare,
    double MacsShare);
