using System.Collections.Generic;

namespace TorchStats;

/// <summary>A layer type whose rows are unsupported: MAdd, Flops, MemRead, MemWrite and MACs are zero there.</summary>
/// <param name="TypeName">The module type name, e.g. <c>Sigmoid</c>.</param>
/// <param name="Modules">The dotted names of its unsupported rows.</param>
/// <param name="Reasons">Distinct reasons given by counters or the walk (empty when no counter is registered for the type).</param>
public sealed record UnsupportedLayerType(string TypeName, IReadOnlyList<string> Modules, IReadOnlyList<string> Reasons)
{
    /// <summary>The type, its rows and the reasons, as the report's notes print them: <c>Sigmoid (act1, act2): reason</c>.</summary>
    public override string ToString() => ReportNotes.Unsupported(this);
}
