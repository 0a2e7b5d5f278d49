using System.Collections.Generic;
using TorchShared;

namespace TorchStats;

/// <summary>One input of the analysed forward pass.</summary>
/// <param name="Shape">Its full shape; for the first input, batch first.</param>
/// <param name="Type">Its element type, e.g. <c>float32</c> or <c>int64</c>.</param>
public sealed record InputDescription(IReadOnlyList<long> Shape, string Type)
{
    /// <summary>The shape and type as the report prints them: <c>[1, 16] int64</c>.</summary>
    public override string ToString() => $"{ShapeText.Format(Shape)} {Type}";
}
