using System;
using System.Linq;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Tests.Weights;

/// <summary>
/// The C# twin of tools/reproducible_weights.py (see its docstring for the definition): every value is a pure function
/// of the tensor's torchvision key and the element index, bit-identical in both languages.
/// </summary>
internal static class ReproducibleWeights
{
    public static ulong KeySeed(string key)
    {
        var hash = 0xCBF29CE484222325UL;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(key))
        {
            hash ^= b;
            hash *= 0x100000001B3UL;
        }

        return hash;
    }

    public static long Bits24(ulong seed, long index)
    {
        var z = seed + ((ulong)(index + 1) * 0x9E3779B97F4A7C15UL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (long)(z >> 40);
    }

    public static Tensor Values(string key, long[] shape)
    {
        var seed = KeySeed(key);
        if (key.EndsWith("num_batches_tracked", StringComparison.Ordinal))
        {
            return tensor(Bits24(seed, 0) % 100000, dtype: ScalarType.Int64).reshape(shape);
        }

        var count = shape.Aggregate(1L, (a, b) => a * b);
        var data = new float[count];
        Func<long, double> rule = key switch
        {
            "input" => b => Signed(b),
            _ when key.EndsWith("running_var", StringComparison.Ordinal) || (key.EndsWith(".weight", StringComparison.Ordinal) && shape.Length == 1) => b => 0.5 + Unit(b),
            _ when key.EndsWith("running_mean", StringComparison.Ordinal) || key.EndsWith(".bias", StringComparison.Ordinal) => b => 0.25 * Signed(b),
            _ when shape.Length >= 2 => ScaledBy(Math.Sqrt(4.0 / shape.Skip(1).Aggregate(1L, (a, b) => a * b))),
            _ => throw new ArgumentException($"no rule for {key}"),
        };
        for (long i = 0; i < count; i++)
        {
            data[i] = (float)rule(Bits24(seed, i));
        }

        return tensor(data, shape);
    }

    private static Func<long, double> ScaledBy(double scale) => b => Signed(b) * scale;

    private static double Unit(long bits) => bits / 16777216.0;

    private static double Signed(long bits) => (bits - 8388608) / 8388608.0;
}
