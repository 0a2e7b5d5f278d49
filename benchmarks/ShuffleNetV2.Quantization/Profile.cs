using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using ShuffleNet.Torch.Measurement;
using static TorchSharp.torch;

/// <summary>
/// ONNX Runtime's own profile of a float and an int8 file: the kernel time per operator type, summed over the profiled
/// runs and divided by their number, so that the table says where each engine spends a forward pass.
/// </summary>
internal static class Profile
{
    private const int Warmup = 10;

    public static void Run(IReadOnlyList<PreparedModel> models, Settings settings)
    {
        foreach (var model in models)
        {
            foreach (var batch in settings.Batches)
            {
                using var scope = NewDisposeScope();
                var input = SmoothImages.Batch(batch, settings.Size, settings.Size, seed: 5000 + batch);
                var values = input.data<float>().ToArray();
                var floatOps = OperatorTimes(model.FloatPath, values, input.shape, settings, GraphOptimizationLevel.ORT_ENABLE_ALL);
                var int8Ops = OperatorTimes(model.Int8Path, values, input.shape, settings, settings.Int8Optimization ?? GraphOptimizationLevel.ORT_ENABLE_ALL);
                Console.WriteLine($"{model.Name}, batch {batch}: kernel time per run by operator (ONNX Runtime profile, {settings.Iterations} runs)");
                Console.WriteLine($"  {"float operator",-36} {"ms",8} | {"int8 operator",-42} {"ms",8}");
                var floatRows = floatOps.OrderByDescending(p => p.Value).ToList();
                var int8Rows = int8Ops.OrderByDescending(p => p.Value).ToList();
                for (var i = 0; i < Math.Max(floatRows.Count, int8Rows.Count); i++)
                {
                    var left = i < floatRows.Count ? $"{floatRows[i].Key,-36} {floatRows[i].Value,8:F3}" : new string(' ', 45);
                    var right = i < int8Rows.Count ? $"{int8Rows[i].Key,-42} {int8Rows[i].Value,8:F3}" : string.Empty;
                    Console.WriteLine($"  {left} | {right}");
                }

                Console.WriteLine($"  {"total",-36} {floatOps.Values.Sum(),8:F3} | {"total",-42} {int8Ops.Values.Sum(),8:F3}");
            }
        }
    }

    private static Dictionary<string, double> OperatorTimes(string path, float[] input, long[] shape, Settings settings, GraphOptimizationLevel level)
    {
        using var options = new SessionOptions
        {
            IntraOpNumThreads = settings.Threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = level,
            EnableProfiling = true,
            ProfileOutputPathPrefix = Path.Combine(settings.OutputDirectory, $"profile-{Path.GetFileNameWithoutExtension(path)}"),
        };
        using var session = new InferenceSession(path, options);
        using var value = OrtValue.CreateTensorValueFromMemory(input, shape);
        using var runOptions = new RunOptions();
        for (var i = 0; i < Warmup + settings.Iterations; i++)
        {
            using var outputs = session.Run(runOptions, [session.InputNames[0]], [value], session.OutputNames);
        }

        return Aggregate(session.EndProfiling(), settings.Iterations);
    }

    // Node events after the warm-up runs, summed per operator and divided by the number of timed runs.
    private static Dictionary<string, double> Aggregate(string file, int runs)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(file));
        File.Delete(file);
        var events = json.RootElement.EnumerateArray().ToList();
        var runEnds = events
            .Where(e => e.GetProperty("cat").GetString() == "Session" && e.GetProperty("name").GetString() == "model_run")
            .Select(e => e.GetProperty("ts").GetDouble() + e.GetProperty("dur").GetDouble())
            .Order()
            .ToList();
        var start = runEnds[Warmup - 1];
        var totals = new Dictionary<string, double>();
        foreach (var e in events)
        {
            if (e.GetProperty("cat").GetString() != "Node" || !(e.GetProperty("name").GetString() ?? string.Empty).EndsWith("_kernel_time", StringComparison.Ordinal) || e.GetProperty("ts").GetDouble() < start)
            {
                continue;
            }

            var op = e.GetProperty("args").GetProperty("op_name").GetString() ?? "?";
            if (Environment.GetEnvironmentVariable("PROFILE_BY_NODE") == "1")
            {
                op += " " + (e.GetProperty("name").GetString() ?? string.Empty).Replace("_kernel_time", string.Empty, StringComparison.Ordinal);
            }

            totals[op] = totals.GetValueOrDefault(op) + (e.GetProperty("dur").GetDouble() / 1000 / runs);
        }

        return totals;
    }
}
