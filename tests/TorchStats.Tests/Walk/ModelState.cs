using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace TorchStats.Tests.Walk;

internal static class ModelState
{
    public static bool ValuesEqual(IReadOnlyDictionary<string, Tensor> before, IReadOnlyDictionary<string, Tensor> after) =>
        before.Count == after.Count && before.All(kv => after.TryGetValue(kv.Key, out var value) && kv.Value.shape.SequenceEqual(value.shape) && kv.Value.eq(value).all().item<bool>());
}
