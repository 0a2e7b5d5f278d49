using System.Collections.Generic;

namespace ShuffleNet.Torch;

internal static class Shapes
{
    public static string Format(IEnumerable<long> shape) => "[" + string.Join(", ", shape) + "]";
}
