using System.Collections.Generic;

namespace TorchStats;

internal static class ShapeText
{
    public static string Format(IEnumerable<long> shape) => "[" + string.Join(", ", shape) + "]";
}
