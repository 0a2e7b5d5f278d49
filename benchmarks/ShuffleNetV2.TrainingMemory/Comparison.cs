using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json.Nodes;
using ShuffleNet.Torch.Measurement;
using TorchStats;

namespace ShuffleNet.Torch.MemoryCheck;

/// <summary>The estimate of each configuration (TorchStats, in this process) against a measurement in a fresh process.</summary>
internal static class Comparison
{
    private const double Goal = 0.20;
    private const double BytesPerMiB = 1024 * 1024;

    public static bool Run(IReadOnlyList<Configuration> configurations, TextWriter output)
    {
        output.WriteLine($"load average before: {MachineLoad.Average()}");
        output.WriteLine("other processes by CPU before (ps):");
        foreach (var line in BusiestProcesses())
        {
            output.WriteLine("  " + line);
        }

        output.WriteLine($"allocator: glibc malloc at its defaults (MALLOC_* variables: {MallocEnvironment()}); threads {configurations[0].Threads}; steps per process {configurations[0].Steps}");
        var process = ProcessOverhead.GlibcDefaults;
        var first = configurations[0];
        output.WriteLine(
            $"estimate: TorchStats' AnalyzeTraining (analysed at batch 1, costs for the row's batch), trained: {first.Trainable}, ProcessOverhead.GlibcDefaults: runtime {process.RuntimeBytes / BytesPerMiB:F0} MiB, " +
            $"heap retention {process.HeapRetention.ToString(CultureInfo.InvariantCulture)} of the kept tensors in blocks up to {process.HeapBlockBytes / BytesPerMiB:F0} MiB; compared: its StepBytes (the peak without the parameters and the batch, which the idle process holds)");
        output.WriteLine("measured: peak VmHWM of the training steps (reset at each step's start) minus VmRSS of the idle process (model built, batch allocated, before the optimizer and the first step)");
        var rows = new List<string[]>();
        var worst = 0.0;
        foreach (var configuration in configurations)
        {
            var costs = Estimate(configuration, ProcessOverhead.GlibcDefaults);
            var measured = Measure(configuration);
            var growth = measured["growthMiB"]!.GetValue<double>();
            var estimate = costs.Memory.StepBytes / BytesPerMiB;
            var ratio = estimate / growth;
            worst = Math.Max(worst, Math.Abs(ratio - 1));
            output.WriteLine($"{configuration.WidthText} {configuration.Optimizer} batch {configuration.Batch}, trained: {configuration.Trainable}: {measured.ToJsonString()}");
            output.WriteLine($"  estimate: {Parts(costs.Memory)}");
            rows.Add(
            [
                configuration.WidthText + "x", configuration.Optimizer, configuration.Batch.ToString(CultureInfo.InvariantCulture),
                MiB((costs.Memory.StepBytes - costs.Memory.RuntimeBytes - costs.Memory.AllocatorRetainedBytes) / BytesPerMiB), MiB(estimate), MiB(growth), ratio.ToString("0.00", CultureInfo.InvariantCulture), Math.Abs(ratio - 1) <= Goal ? "yes" : "NO",
            ]);
        }

        output.WriteLine($"load average after: {MachineLoad.Average()}");
        output.WriteLine();
        output.WriteLine("| width | optimizer | batch | tensors alone, MiB | estimate, MiB | measured, MiB | estimate / measured | within 20 % |");
        output.WriteLine("|---|---|---:|---:|---:|---:|---:|---|");
        foreach (var row in rows)
        {
            output.WriteLine("| " + string.Join(" | ", row) + " |");
        }

        output.WriteLine();
        output.WriteLine($"worst: {worst:P1} off; goal {Goal:P0}: {(worst <= Goal ? "met" : "MISSED")}");
        return worst <= Goal;
    }

    public static TrainingCosts Estimate(Configuration configuration, ProcessOverhead process)
    {
        TorchSharp.torch.manual_seed(0);
        using var model = ShuffleNetV2.Create(configuration.Width, 1000);
        model.train();
        return ModelStatistics.AnalyzeTraining(model, [1, 3, configuration.Size, configuration.Size], new TrainingCostOptions
        {
            Batch = configuration.Batch,
            Optimizer = configuration.Optimizer == "adamw" ? TrainingOptimizer.AdamW : TrainingOptimizer.SgdMomentum,
            Trainable = configuration.ClassifierOnly ? TrainableParameters.Prefix("fc") : TrainableParameters.All,
            Process = process,
        });
    }

    public static JsonObject Measure(Configuration configuration)
    {
        var (file, prefix) = Self();
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in prefix.Concat(configuration.MeasureArguments()))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"The measurement of {string.Join(' ', configuration.MeasureArguments())} failed ({process.ExitCode}): {stderr}");
        }

        return JsonNode.Parse(stdout.Trim().Split('\n')[^1])!.AsObject();
    }

    /// <summary>This program: its apphost, or dotnet with this assembly.</summary>
    private static (string File, string[] Prefix) Self()
    {
        var path = Environment.ProcessPath ?? "dotnet";
        return Path.GetFileNameWithoutExtension(path) == "dotnet" ? (path, [Assembly.GetEntryAssembly()!.Location]) : (path, []);
    }

    private static string Parts(TrainingMemory memory) =>
        $"gradients {MiB(memory.GradientBytes / BytesPerMiB)}, optimizer state {MiB(memory.OptimizerStateBytes / BytesPerMiB)}, " +
        $"kept {MiB(memory.KeptActivationBytes / BytesPerMiB)}, transient {MiB(memory.TransientBytes / BytesPerMiB)}, " +
        $"step temporaries {MiB(memory.OptimizerStepTemporaryBytes / BytesPerMiB)}, runtime {MiB(memory.RuntimeBytes / BytesPerMiB)}, " +
        $"allocator retention {MiB(memory.AllocatorRetainedBytes / BytesPerMiB)}; step {MiB(memory.StepBytes / BytesPerMiB)} MiB";

    private static string MiB(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);

    private static string MallocEnvironment()
    {
        var set = Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(k => k.StartsWith("MALLOC_", StringComparison.Ordinal) || k.StartsWith("GLIBC_TUNABLES", StringComparison.Ordinal)).ToArray();
        return set.Length == 0 ? "none set" : string.Join(", ", set.Select(k => $"{k}={Environment.GetEnvironmentVariable(k)}"));
    }

    private static string[] BusiestProcesses()
    {
        try
        {
            using var ps = Process.Start(new ProcessStartInfo("ps", "-eo pcpu,rss,comm --sort=-pcpu") { RedirectStandardOutput = true })!;
            var lines = ps.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(8).ToArray();
            ps.WaitForExit();
            return lines;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return ["(ps not available)"];
        }
    }
}
