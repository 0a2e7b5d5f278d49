using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace ShuffleNet.Torch.Onnx.Format;

/// <summary>
/// The graph ONNX Runtime actually runs on this machine's CPU: the model after all of its graph optimizations (QDQ
/// fusion, layout changes, constant folding), saved by the session through <c>SessionOptions.OptimizedModelFilePath</c>
/// and read back.
/// </summary>
internal static class OptimizedGraph
{
    /// <summary>How many nodes of each operator the optimized graph holds, keyed <c>domain.Operator</c> (<c>Conv</c> for the default domain).</summary>
    public static IReadOnlyDictionary<string, int> OperatorCounts(byte[] model, int intraOpThreads)
    {
        var file = Path.Combine(Path.GetTempPath(), $"shufflenetv2-optimized-{Guid.NewGuid():N}.onnx");
        try
        {
            using (var options = new SessionOptions
            {
                IntraOpNumThreads = intraOpThreads,
                GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
                OptimizedModelFilePath = file,
            })
            using (new InferenceSession(model, options))
            {
            }

            var optimized = ModelProto.Parser.ParseFrom(File.ReadAllBytes(file));
            return optimized.Graph.Node
                .GroupBy(n => string.IsNullOrEmpty(n.Domain) ? n.OpType : $"{n.Domain}.{n.OpType}")
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count());
        }
        finally
        {
            File.Delete(file);
        }
    }
}
