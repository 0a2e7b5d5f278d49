using System.Collections.Generic;
using System.Linq;
using ShuffleNet.Torch.Measurement;
using ShuffleNet.Torch.Measurement.Engines;
using TorchStats;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Sample;

/// <summary>compare: the four widths measured one after the other at batch 1.</summary>
internal static class WidthComparison
{
    /// <summary>Complexity in MFLOPs (multiply-accumulates) at 224×224 from Table 5 of Ma et al., "ShuffleNet V2", ECCV 2018.</summary>
    private static readonly Dictionary<ShuffleNetV2Width, int> PaperMFlops = new()
    {
        [ShuffleNetV2Width.X0_5] = 41,
        [ShuffleNetV2Width.X1_0] = 146,
        [ShuffleNetV2Width.X1_5] = 299,
        [ShuffleNetV2Width.X2_0] = 591,
    };

    public static string Run(ComparisonSettings settings)
    {
        var inputShape = InputSize.Shape(settings.Size, 1);
        var rows = ShuffleNetV2Widths.All.Select(width => Measure(width, settings, inputShape)).ToList();
        var threads = settings.Engine == InferenceEngine.Onnx && settings.Threads is null ? "ONNX Runtime's default" : (settings.Threads ?? get_num_threads()).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var setup = new ComparisonSetup(inputShape, settings.Engine, settings.Device, threads);
        return ComparisonOutput.Format(setup, rows, settings.Format);
    }

    public const int WarmupRuns = 3;
    public const int TimedRuns = 15;

    private static WidthMeasurement Measure(ShuffleNetV2Width width, ComparisonSettings settings, long[] inputShape)
    {
        using var model = ModelFactory.Create(new ModelChoice(width, settings.Classes, WeightsPath: null, settings.Device));
        var totals = ModelStatistics.Analyze(model, inputShape).Totals;
        using IEngine engine = settings.Engine == InferenceEngine.Onnx
            ? OnnxRuntimeEngine.FromModel(model, settings.Threads ?? 0)
            : new TorchSharpEngine(model);
        using var input = rand(inputShape, device: settings.Engine == InferenceEngine.Onnx ? CPU : ModelChoice.ToTorch(settings.Device));
        var latency = Timing.MedianMilliseconds(engine, input, WarmupRuns, TimedRuns);
        return new WidthMeasurement(width, totals.Parameters, totals.MemoryMB, totals.MAdd, totals.Flops, totals.Macs, PaperMFlops[width], latency);
    }
}

/// <summary>How to measure the four widths: class count and input size of the models, engine, device and threads of the timing.</summary>
internal sealed record ComparisonSettings(int? Classes, InputSize? Size, InferenceEngine Engine, ComputeDevice Device, int? Threads, OutputFormat Format);

/// <summary>One width's row: torchstat's totals at batch 1, the MAC count, the paper's number and the median latency.</summary>
internal sealed record WidthMeasurement(
    ShuffleNetV2Width Width, long Parameters, float MemoryMB, long MAdd, long Flops, long Macs, int PaperMFlops, double LatencyMs);

/// <summary>How the rows were measured.</summary>
internal sealed record ComparisonSetup(long[] InputShape, InferenceEngine Engine, ComputeDevice Device, string Threads);
