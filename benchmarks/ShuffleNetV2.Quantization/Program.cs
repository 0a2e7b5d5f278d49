using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using ShuffleNet.Torch;
using ShuffleNet.Torch.Measurement;
using ShuffleNet.Torch.Onnx;
using ShuffleNet.Torch.Onnx.Quantization;
using static TorchSharp.torch;

// Usage: dotnet run -c Release --project benchmarks/ShuffleNetV2.Quantization -- [speed|graph|errors|profile|trained]
//        [--widths 0.5,1.0] [--batches 1,32] [--threads 2] [--rounds 15] [--iterations 20] [--size 224]
//        [--method percentile|minmax|entropy] [--calibration-batches 8] [--full-weight-range] [--activations u8|s8]
//        [--float-layers conv1.0,...] [--int8-optimization basic|extended|layout|all] [--out DIR]
//        trained: --weights model.pth --data DIR [--onnx model.onnx] [--calibration-batches 16] [--calibration-batch 32]
// speed:  float ONNX Runtime against int8 in one process, interleaved rounds (float, int8, int8, float, ...), each
//         round's median per engine; reports the median of the round medians, the ratio and the file sizes.
// graph:  the operators ONNX Runtime runs after optimizing each int8 model for this CPU.
// errors: per-layer error of the int8 model against the float network on one batch.
// profile: ONNX Runtime's kernel time per operator type, float and int8 side by side.
// trained: a trained model's test top-1, float and int8 by each method, on IDX data; per-layer error on one test batch.
var command = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "speed";
var settings = Settings.Parse(args.SkipWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray());
Directory.CreateDirectory(settings.OutputDirectory);
set_num_threads(settings.Threads);
Console.WriteLine($"command {command}; {settings}");
Console.WriteLine(CpuDescription.Describe());
Console.WriteLine($"ONNX Runtime {OrtEnv.Instance().GetVersionString()}, .NET {Environment.Version}");
Console.WriteLine($"load average before: {LoadAverage()}");

if (command == "trained")
{
    Trained.Run(settings);
    Console.WriteLine($"load average after:  {LoadAverage()}");
    return;
}

var models = settings.Widths.Select(w => PreparedModel.Create(w, settings)).ToList();
switch (command)
{
    case "graph":
        foreach (var model in models)
        {
            Console.WriteLine($"{model.Name}: ONNX Runtime's optimized graph (int8): "
                + string.Join(", ", model.Quantized.RuntimeOperatorCounts(settings.Threads).Select(p => $"{p.Key} {p.Value}")));
        }

        break;
    case "errors":
        foreach (var model in models)
        {
            using var scope = NewDisposeScope();
            var batch = SmoothImages.Batch(4, settings.Size, settings.Size, seed: 999);
            Console.WriteLine($"{model.Name}: per-layer error on one batch of 4 (int8 in ONNX Runtime vs the float network)");
            Console.WriteLine($"  {"activation",-34} {"scale",10} {"max|float|",10} {"max|err|",10} {"rel.err",8}");
            foreach (var error in model.Quantized.MeasureLayerErrors(model.Network, batch, settings.Threads))
            {
                Console.WriteLine($"  {error.Name,-34} {error.Scale?.ToString("G4", CultureInfo.InvariantCulture) ?? "-",10} {error.MaxAbsReference,10:G4} {error.MaxAbsError,10:G4} {error.RelativeError,8:P2}");
            }
        }

        break;
    case "speed":
        Speed.Run(models, settings);
        break;
    case "profile":
        Profile.Run(models, settings);
        break;
    default:
        throw new ArgumentException($"Unknown command '{command}'; expected speed, graph, errors or profile.");
}

foreach (var model in models)
{
    model.Dispose();
}

Console.WriteLine($"load average after:  {LoadAverage()}");

static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";

/// <summary>The harness's settings.</summary>
internal sealed record Settings(
    IReadOnlyList<ShuffleNetV2Width> Widths,
    IReadOnlyList<int> Batches,
    int Threads,
    int Rounds,
    int Iterations,
    int Size,
    CalibrationMethod Method,
    int CalibrationBatches,
    bool ReduceWeightRange,
    string OutputDirectory)
{
    public string? Weights { get; init; }

    public string? Onnx { get; init; }

    public string? Data { get; init; }

    public int CalibrationBatchSize { get; init; } = 32;

    public QuantizedActivationType ActivationType { get; init; } = OnnxQuantizationOptions.Default.ActivationType;

    public IReadOnlyList<string> FloatLayers { get; init; } = OnnxQuantizationOptions.Default.FloatLayers;

    /// <summary>The graph optimization level of the int8 sessions of speed and profile; null for what OnnxImageClassifier uses.</summary>
    public GraphOptimizationLevel? Int8Optimization { get; init; }

    public static Settings Parse(string[] args)
    {
        var settings = new Settings(
            [ShuffleNetV2Width.X0_5, ShuffleNetV2Width.X1_0], [1, 32], 2, 15, 20, 224, CalibrationMethod.Percentile, 8, true,
            Path.Combine(Path.GetTempPath(), "shufflenetv2-quantization"));
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"Option '{args[i]}' needs a value.");
            settings = args[i] switch
            {
                "--widths" => settings with { Widths = Value().Split(',').Select(ShuffleNetV2Widths.Parse).ToList() },
                "--batches" => settings with { Batches = Value().Split(',').Select(int.Parse).ToList() },
                "--threads" => settings with { Threads = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--rounds" => settings with { Rounds = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--iterations" => settings with { Iterations = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--size" => settings with { Size = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--method" => settings with { Method = Enum.Parse<CalibrationMethod>(Value(), ignoreCase: true) },
                "--calibration-batches" => settings with { CalibrationBatches = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--full-weight-range" => settings with { ReduceWeightRange = false },
                "--int8-optimization" => settings with { Int8Optimization = ParseLevel(Value()) },
                "--float-layers" => settings with { FloatLayers = Value().Split(',') },
                "--activations" => settings with { ActivationType = Enum.Parse<QuantizedActivationType>(Value(), ignoreCase: true) },
                "--out" => settings with { OutputDirectory = Value() },
                "--weights" => settings with { Weights = Value() },
                "--onnx" => settings with { Onnx = Value() },
                "--data" => settings with { Data = Value() },
                "--calibration-batch" => settings with { CalibrationBatchSize = int.Parse(Value(), CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'."),
            };
        }

        return settings;
    }

    public override string ToString() =>
        $"widths {string.Join(",", Widths.Select(w => w.ToText()))}; batches {string.Join(",", Batches)}; {Threads} threads; {Rounds} rounds x {Iterations} runs; {Size}x{Size}; "
        + $"calibration {Method} on {CalibrationBatches} batches of 8 smooth synthetic images; weights {(ReduceWeightRange ? "7-bit" : "8-bit")}; activations {ActivationType}; in float: {(FloatLayers.Count > 0 ? string.Join(",", FloatLayers) : "none")}"
        + $"; int8 sessions at {(Int8Optimization?.ToString() ?? "the library's level")}";

    private static GraphOptimizationLevel ParseLevel(string text) => text.ToLowerInvariant() switch
    {
        "basic" => GraphOptimizationLevel.ORT_ENABLE_BASIC,
        "extended" => GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
        "layout" => GraphOptimizationLevel.ORT_ENABLE_LAYOUT,
        "all" => GraphOptimizationLevel.ORT_ENABLE_ALL,
        _ => throw new ArgumentException($"Unknown optimization level '{text}'; expected basic, extended, layout or all."),
    };
}

/// <summary>One width: the network (trained-like BatchNorm statistics), its float ONNX file and its int8 file.</summary>
internal sealed class PreparedModel : IDisposable
{
    private PreparedModel(string name, ShuffleNetV2 network, string floatPath, QuantizedOnnxModel quantized, string int8Path, TimeSpan quantizeTime)
    {
        Name = name;
        Network = network;
        FloatPath = floatPath;
        Quantized = quantized;
        Int8Path = int8Path;
        QuantizeTime = quantizeTime;
    }

    public string Name { get; }

    public ShuffleNetV2 Network { get; }

    public string FloatPath { get; }

    public QuantizedOnnxModel Quantized { get; }

    public string Int8Path { get; }

    public TimeSpan QuantizeTime { get; }

    public static PreparedModel Create(ShuffleNetV2Width width, Settings settings)
    {
        var name = width.ToText();
        manual_seed(7);
        var network = ShuffleNetV2.Create(width);
        TrainedLikeBatchNorm.Apply(network, seed: 11);
        network.eval();
        var floatPath = Path.Combine(settings.OutputDirectory, $"shufflenetv2_{name}.float.onnx");
        var int8Path = Path.Combine(settings.OutputDirectory, $"shufflenetv2_{name}.int8.onnx");
        network.ExportToOnnx(floatPath);
        var start = Stopwatch.GetTimestamp();
        var quantized = network.QuantizeToOnnx(int8Path, CalibrationBatches(settings), new OnnxQuantizationOptions
        {
            Method = settings.Method,
            ReduceWeightRange = settings.ReduceWeightRange,
            ActivationType = settings.ActivationType,
            FloatLayers = settings.FloatLayers,
        });
        var time = Stopwatch.GetElapsedTime(start);
        Console.WriteLine($"{name}: float {new FileInfo(floatPath).Length:N0} bytes, int8 {new FileInfo(int8Path).Length:N0} bytes "
            + $"({(double)new FileInfo(int8Path).Length / new FileInfo(floatPath).Length:F3}x); calibration and quantization {time.TotalSeconds:F1} s");
        return new PreparedModel(name, network, floatPath, quantized, int8Path, time);
    }

    public void Dispose() => Network.Dispose();

    private static IEnumerable<Tensor> CalibrationBatches(Settings settings)
    {
        for (var i = 0; i < settings.CalibrationBatches; i++)
        {
            using var batch = SmoothImages.Batch(8, settings.Size, settings.Size, seed: 100 + i);
            yield return batch;
        }
    }
}
