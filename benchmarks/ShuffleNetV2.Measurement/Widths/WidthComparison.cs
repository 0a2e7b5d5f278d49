using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ShuffleNet.Torch.Measurement.Engines;
using TorchSharp;
using TorchStats;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Measurement.Widths;

/// <summary>The four widths measured one after the other at batch 1: torchstat's totals, the MAC count, the paper's number and the median latency.</summary>
public static class WidthComparison
{
    public const int WarmupRuns = 3;
    public const int TimedRuns = 15;

    /// <summary>Complexity in MFLOPs (multiply-accumulates) at 224×224 from Table 5 of Ma et al., "ShuffleNet V2", ECCV 2018.</summary>
    private static readonly Dictionary<ShuffleNetV2Width, int> PaperMFlops = new()
    {
        [ShuffleNetV2Width.X0_5] = 41,
        [ShuffleNetV2Width.X1_0] = 146,
        [ShuffleNetV2Width.X1_5] = 299,
        [ShuffleNetV2Width.X2_0] = 591,
    };

    public static (ComparisonSetup Setup, IReadOnlyList<WidthMeasurement> Rows) Run(ComparisonSettings settings)
    {
        long[] inputShape = [1, 3, settings.Height, settings.Width];
        var rows = ShuffleNetV2Widths.All.Select(width => Measure(width, settings, inputShape)).ToList();
        var threads = settings.Onnx && settings.Threads is null ? "ONNX Runtime's default" : (settings.Threads ?? get_num_threads()).ToString(CultureInfo.InvariantCulture);
        return (new ComparisonSetup(inputShape, settings.Onnx ? "onnx" : "torchsharp", settings.Cuda ? "cuda" : "cpu", threads), rows);
    }

    private static WidthMeasurement Measure(ShuffleNetV2Width width, ComparisonSettings settings, long[] inputShape)
    {
        var device = settings.Cuda ? CUDA : CPU;
        using var model = ShuffleNetV2.Create(width, settings.Classes);
        model.to(device);
        model.eval();
        var totals = ModelStatistics.Analyze(model, inputShape).Totals;
        using IEngine engine = settings.Onnx ? OnnxRuntimeEngine.FromModel(model, settings.Threads ?? 0) : new TorchSharpEngine(model);
        using var input = rand(inputShape, device: settings.Onnx ? CPU : device);
        var latency = Timing.MedianMilliseconds(engine, input, WarmupRuns, TimedRuns);
        return new WidthMeasurement(width, totals.Parameters, totals.MemoryMB, totals.MAdd, totals.Flops, totals.Macs, PaperMFlops[width], latency);
    }
}

/// <summary>How to measure the four widths: class count and input size of the models, engine (ONNX Runtime or TorchSharp), device and threads of the timing.</summary>
public sealed record ComparisonSettings(int Classes, int Height, int Width, bool Onnx, bool Cuda, int? Threads);

/// <summary>One width's row.</summary>
public sealed record WidthMeasurement(ShuffleNetV2Width Width, long Parameters, float MemoryMB, long MAdd, long Flops, long Macs, int PaperMFlops, double LatencyMs);

/// <summary>How the rows were measured.</summary>
public sealed record ComparisonSetup(long[] InputShape, string Engine, string Device, string Threads);
