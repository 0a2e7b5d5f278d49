using System;
using System.Collections.Generic;
using System.Linq;
using ShuffleNet.Torch.Measurement.Engines;

namespace ShuffleNet.Torch.Compare.Engines;

/// <summary>An engine's name (as run_comparison.py prints it), what it runs, and how to open it for one width.</summary>
internal sealed record EngineKind(string Name, string Description, Func<WorkDirectory, string, EngineSettings, IEngine> Open);

/// <summary>The engines this program runs; the PyTorch eager engine lives in benchmarks/compare/pytorch_worker.py.</summary>
internal static class EngineCatalog
{
    public static IReadOnlyList<EngineKind> All { get; } =
    [
        new("torchsharp", "this library's ShuffleNetV2 on TorchSharp (eval, no_grad)",
            (dir, width, _) => TorchSharpEngine.FromWeights(dir.Safetensors(width))),
        new("torchsharp-fused", "the same, BatchNorm folded (FuseForInference)",
            (dir, width, _) => FusedTorchSharpEngine.FromWeights(dir.Safetensors(width))),

        // The speed levers, each the engine above with one setting of the library changed: channels-last activations
        // (ShuffleNetV2Base.ChannelsLast), inference_mode instead of no_grad.
        new("torchsharp-cl", "this library's ShuffleNetV2, channels-last activations (ChannelsLast = true; eval, no_grad)",
            (dir, width, _) => TorchSharpEngine.FromWeights(dir.Safetensors(width), channelsLast: true)),
        new("torchsharp-fused-cl", "the same, BatchNorm folded (FuseForInference), channels-last activations",
            (dir, width, _) => FusedTorchSharpEngine.FromWeights(dir.Safetensors(width), channelsLast: true)),
        new("torchsharp-im", "this library's ShuffleNetV2 (eval) under inference_mode instead of no_grad",
            (dir, width, _) => TorchSharpEngine.FromWeights(dir.Safetensors(width), inferenceMode: true)),
        new("torchsharp-cl-im", "this library's ShuffleNetV2, channels-last activations, under inference_mode",
            (dir, width, _) => TorchSharpEngine.FromWeights(dir.Safetensors(width), channelsLast: true, inferenceMode: true)),
        new("torchsharp-fused-cl-im", "BatchNorm folded, channels-last activations, under inference_mode",
            (dir, width, _) => FusedTorchSharpEngine.FromWeights(dir.Safetensors(width), channelsLast: true, inferenceMode: true)),

        new("ort-our-export", "ONNX Runtime on this library's C# ONNX export (ExportToOnnx)",
            (dir, width, settings) => OnnxRuntimeEngine.Load(dir.OurOnnx(width), settings.Threads, settings.OrtSpinning)),
        new("ort-pytorch-export", "ONNX Runtime on PyTorch's own export (torch.onnx.export of torchvision's model)",
            (dir, width, settings) => OnnxRuntimeEngine.Load(dir.PyTorchOnnx(width), settings.Threads, settings.OrtSpinning)),

        // Run does one whole analysis and Classify returns null: run_comparison.py reports it against one "torchsharp"
        // forward of the same width and batch (goal: at most 2x).
        new("statistics", "one TorchStats analysis (hooks, forward, counting, report) of the unfused model",
            (dir, width, _) => StatisticsEngine.FromWeights(dir.Safetensors(width))),
    ];

    public static EngineKind Find(string name) =>
        All.FirstOrDefault(e => e.Name == name)
        ?? throw new ArgumentException($"Unknown engine '{name}'; this program runs {string.Join(", ", All.Select(e => e.Name))} (PyTorch eager runs in pytorch_worker.py).");
}
