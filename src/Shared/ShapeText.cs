using System.Collections.Generic;

namespace TorchShared;

/// <summary>A tensor shape as messages and reports print it, the way Python prints a list: "[1, 3, 224, 224]".</summary>
internal static class ShapeText
{
    public static string Format(IEnumerable<long> shape) => "[" + string.Join(", ", shape) + "]";
}
