using System.Collections.Generic;

namespace TorchStats;

/// <summary>
/// numpy's pairwise float32 summation (<c>add.reduce</c> on a float32 array, as pandas' <c>Series.sum</c> calls it): blocks of
/// up to 128 summed with eight running partial sums, larger runs split in halves (rounded down to a multiple of 8).
/// torchstat's "Total memory" is this sum of float32 per-row MiB; reproducing the order reproduces its last bit.
/// </summary>
internal static class Float32Sum
{
    private const int BlockSize = 128;
    private const int Unroll = 8;

    public static float Pairwise(IReadOnlyList<float> values) => 0f + Pairwise(values, 0, values.Count);

    private static float Pairwise(IReadOnlyList<float> values, int start, int count)
    {
        if (count < Unroll)
        {
            var sum = 0f;
            for (var i = 0; i < count; i++)
            {
                sum += values[start + i];
            }

            return sum;
        }

        if (count <= BlockSize)
        {
            var partial = new float[Unroll];
            for (var j = 0; j < Unroll; j++)
            {
                partial[j] = values[start + j];
            }

            var i = Unroll;
            for (; i < count - (count % Unroll); i += Unroll)
            {
                for (var j = 0; j < Unroll; j++)
                {
                    partial[j] += values[start + i + j];
                }
            }

            var result = ((partial[0] + partial[1]) + (partial[2] + partial[3])) + ((partial[4] + partial[5]) + (partial[6] + partial[7]));
            for (; i < count; i++)
            {
                result += values[start + i];
            }

            return result;
        }

        var half = count / 2;
        half -= half % Unroll;
        return Pairwise(values, start, half) + Pairwise(values, start + half, count - half);
    }
}
