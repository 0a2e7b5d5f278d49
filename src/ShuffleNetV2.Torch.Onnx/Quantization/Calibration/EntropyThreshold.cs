using System;
using System.Linq;

namespace ShuffleNet.Torch.Onnx.Quantization.Calibration;

/// <summary>
/// The clipping threshold of one side of a distribution that loses the least information when the values up to it are
/// rounded to a number of levels: the Kullback-Leibler divergence criterion of TensorRT's entropy calibration (Migacz,
/// "8-bit Inference with TensorRT", GTC 2017). For each candidate threshold, P is the histogram up to it with the values
/// beyond it added to its last bin, Q is the same histogram merged into the levels and spread back evenly over the bins
/// that held values; the threshold with the smallest KL(P‖Q) wins. Written here because no .NET library offers it.
/// </summary>
internal static class EntropyThreshold
{
    private const int MaxSearchBins = 2048;
    private const int MaxCandidates = 512;

    /// <summary>The threshold, a magnitude, for counts of the bins <c>[k·width, (k+1)·width)</c>, <c>k = 0, 1, ...</c>.</summary>
    /// <param name="counts">The counts, from zero outwards.</param>
    /// <param name="width">The bins' width.</param>
    /// <param name="levels">The quantization levels this side is rounded to.</param>
    /// <returns>The upper edge of the last bin kept; that of the last non-empty bin when there are too few bins to clip.</returns>
    public static double Find(long[] counts, double width, int levels)
    {
        var used = Array.FindLastIndex(counts, c => c > 0) + 1;
        if (used <= levels)
        {
            return used * width;
        }

        var merge = (used + MaxSearchBins - 1) / MaxSearchBins;
        var bins = Merge(counts, used, merge);

        // The first bin holds the exact zeros (of a ReLU, or of zero padding), which the quantization grid stores exactly;
        // left as it is, that spike would make every wide threshold look bad. Counted like its neighbour instead, as
        // NVIDIA's pytorch-quantization does.
        if (bins.Length > 1)
        {
            bins[0] = bins[1];
        }
        var binWidth = width * merge;
        if (bins.Length <= levels)
        {
            return bins.Length * binWidth;
        }

        var total = (double)bins.Sum();
        var step = Math.Max(1, (bins.Length - levels) / MaxCandidates);
        var best = bins.Length;
        var bestDivergence = double.PositiveInfinity;
        for (var kept = levels; kept <= bins.Length; kept += step)
        {
            var divergence = Divergence(bins, kept, levels, total);
            if (divergence < bestDivergence)
            {
                bestDivergence = divergence;
                best = kept;
            }
        }

        return best * binWidth;
    }

    private static long[] Merge(long[] counts, int used, int merge)
    {
        var merged = new long[(used + merge - 1) / merge];
        for (var i = 0; i < used; i++)
        {
            merged[i / merge] += counts[i];
        }

        return merged;
    }

    private static double Divergence(long[] bins, int kept, int levels, double total)
    {
        double outliers = 0;
        for (var i = kept; i < bins.Length; i++)
        {
            outliers += bins[i];
        }

        var keptMass = total - outliers;
        if (keptMass <= 0)
        {
            return double.PositiveInfinity;
        }

        var divergence = 0.0;
        for (var level = 0; level < levels; level++)
        {
            var start = (int)((long)level * kept / levels);
            var end = (int)((long)(level + 1) * kept / levels);
            double sum = 0;
            var nonEmpty = 0;
            for (var i = start; i < end; i++)
            {
                sum += bins[i];
                nonEmpty += bins[i] > 0 ? 1 : 0;
            }

            for (var i = start; i < end; i++)
            {
                var p = (bins[i] + (i == kept - 1 ? outliers : 0)) / total;
                if (p == 0)
                {
                    continue;
                }

                // Q spreads the kept values only; a bin that P fills with outliers alone gets a tiny share.
                var q = bins[i] > 0 ? sum / nonEmpty / keptMass : 1e-12;
                divergence += p * Math.Log(p / q);
            }
        }

        return divergence;
    }
}
