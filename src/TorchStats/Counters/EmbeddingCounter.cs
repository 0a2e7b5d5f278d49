using System;
using TorchSharp.Modules;

namespace TorchStats;

/// <summary>
/// The stated rule for <see cref="Embedding"/>, which torchstat does not count: a table lookup does no arithmetic, so
/// only its memory traffic is counted.
/// </summary>
public static class EmbeddingCounter
{
    /// <summary>
    /// MAdd, Flops and MACs 0; read = the indices (<c>numel(in)</c> × the index element size, 8 for int64) plus the rows
    /// looked up (<c>numel(out)</c> × the output element size); write <c>numel(out)</c> × the output element size.
    /// </summary>
    public static LayerCounts Count(Embedding module, LayerCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        checked
        {
            var rows = call.OutputElements * call.OutputElementSize;
            return new LayerCounts(0, 0, (call.InputElements * call.ElementSize) + rows, rows, 0);
        }
    }
}
