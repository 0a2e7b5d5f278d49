using System.Collections.Generic;

namespace TorchCheckpoints;

internal static class Shapes
{
    public static string Format(IEnumerable<long> shape) => "[" + string.Join(", ", shape) + "]";
}
