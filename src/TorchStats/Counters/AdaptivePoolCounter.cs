using System;
using TorchSharp;

namespace TorchStats;

/// <summary>
/// The stated rule for adaptive pooling (AdaptiveAvgPool1d/2d/3d, AdaptiveMaxPool1d/2d/3d), which torchstat does not
/// count: torchstat's AvgPool2d and MaxPool2d rules with the kernel replaced by the windows the layer really uses.
/// Output position <c>i</c> of a dimension of input size <c>n</c> and output size <c>m</c> pools the input positions
/// <c>floor(i·n/m)</c> to <c>ceil((i+1)·n/m) − 1</c>, so windows may differ in size and overlap; the counts sum over
/// the real windows. Only the shapes are read, so any module type with that behaviour can use it.
/// </summary>
public static class AdaptivePoolCounter
{
    /// <summary>
    /// Average: MAdd = C·(Σ over output positions of the window's element count) per sample (its additions and one
    /// division per output, as torchstat's AvgPool2d rule <c>(k·k − 1 + 1)</c> per output); Flops <c>numel(in)</c>; read
    /// <c>numel(in)</c>; write <c>numel(out)</c>; no MACs. A global pool (output 1 per dimension) has MAdd = input
    /// elements of one sample.
    /// </summary>
    /// <exception cref="NotSupportedException">Input and output differ in rank or in their first two dimensions, or have fewer than 3 dimensions.</exception>
    public static LayerCounts CountAverage(torch.nn.Module module, LayerCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        checked
        {
            var (windows, _) = Windows(module, call);
            var madd = call.InputShape[1] * windows;
            return new LayerCounts(madd, call.InputElements, call.InputElements * call.ElementSize, call.OutputElements * call.ElementSize, 0);
        }
    }

    /// <summary>
    /// Maximum: MAdd = C·(Σ over output positions of (window's element count − 1)) per sample (comparisons, as
    /// torchstat's MaxPool2d rule <c>(k·k − 1)</c> per output); Flops <c>numel(in)</c>; read <c>numel(in)</c>; write
    /// <c>numel(out)</c>; no MACs.
    /// </summary>
    /// <exception cref="NotSupportedException">Input and output differ in rank or in their first two dimensions, or have fewer than 3 dimensions.</exception>
    public static LayerCounts CountMax(torch.nn.Module module, LayerCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        checked
        {
            var (windows, outputs) = Windows(module, call);
            var madd = call.InputShape[1] * (windows - outputs);
            return new LayerCounts(madd, call.InputElements, call.InputElements * call.ElementSize, call.OutputElements * call.ElementSize, 0);
        }
    }

    /// <summary>
    /// For one channel: the summed element counts of all output windows, and the number of output positions. Windows
    /// are products of one interval per dimension, so the sum is the product of each dimension's summed interval lengths.
    /// </summary>
    private static (long WindowElements, long Outputs) Windows(torch.nn.Module? module, LayerCall call)
    {
        var rank = call.InputRank;
        if (rank < 3 || call.OutputShape.Count != rank || call.OutputShape[0] != call.InputShape[0] || call.OutputShape[1] != call.InputShape[1])
        {
            throw new NotSupportedException($"{module?.GetType().Name ?? "Adaptive pooling"} is counted for input [batch, channels, ...] and output of the same rank, batch and channels, got {call}.");
        }

        checked
        {
            long windowElements = 1;
            long outputs = 1;
            for (var d = 2; d < rank; d++)
            {
                var (n, m) = (call.InputShape[d], call.OutputShape[d]);
                long lengths = 0;
                for (long i = 0; i < m; i++)
                {
                    var start = i * n / m;
                    var end = (((i + 1) * n) + m - 1) / m;
                    lengths += end - start;
                }

                windowElements *= lengths;
                outputs *= m;
            }

            return (windowElements, outputs);
        }
    }
}
