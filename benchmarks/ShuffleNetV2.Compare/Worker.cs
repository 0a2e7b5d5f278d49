using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Microsoft.ML.OnnxRuntime;
using ShuffleNet.Torch.Compare.Engines;
using ShuffleNet.Torch.Measurement;
using ShuffleNet.Torch.Measurement.Engines;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Compare;

/// <summary>
/// One engine, its networks (opened once per width, kept) and its inputs (one random batch per size, kept). Answers
/// the requests of run_comparison.py, one JSON object per line; benchmarks/compare/pytorch_worker.py answers the same.
/// </summary>
internal sealed class Worker : IDisposable
{
    private readonly EngineKind _kind;
    private readonly WorkDirectory _directory;
    private readonly EngineSettings _settings;
    private readonly Dictionary<string, IEngine> _engines = new(StringComparer.Ordinal);
    private readonly Dictionary<int, Tensor> _inputs = [];

    public Worker(EngineKind kind, WorkDirectory directory, EngineSettings settings)
    {
        _kind = kind;
        _directory = directory;
        _settings = settings;
        set_num_threads(settings.Threads);
    }

    /// <summary>Answers requests from <paramref name="input"/> until "quit" or the end of the stream.</summary>
    public void Serve(TextReader input, TextWriter output) => JsonLines.Serve(input, output, Handle);

    public JsonObject Handle(JsonObject request)
    {
        var command = Text(request, "cmd");
        return command switch
        {
            "info" => Info(),
            "load" => Load(Text(request, "width")),
            "check" => Check(Text(request, "width")),
            "time" => Time(Text(request, "width"), Number(request, "batch", 1), Number(request, "warmup", 0), Number(request, "iterations", 1)),
            _ => throw new ArgumentException($"Unknown command '{command}'; use info, load, check, time or quit."),
        };
    }

    public JsonObject Info() => new()
    {
        ["engine"] = _kind.Name,
        ["description"] = _kind.Description,
        ["process"] = $"{RuntimeInformation.FrameworkDescription}, pid {Environment.ProcessId}",
        ["torchsharp"] = typeof(TorchSharp.torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0],
        ["libtorch"] = __version__,
        ["onnxruntime"] = OrtEnv.Instance().GetVersionString(),
        ["threads"] = get_num_threads(),
        ["ort_spinning"] = _settings.OrtSpinning,
    };

    public JsonObject Load(string width)
    {
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        _ = Engine(width);
        return new JsonObject { ["load_ms"] = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds };
    }

    public JsonObject Check(string width)
    {
        using var scope = NewDisposeScope();
        var image = ReadCheckImage(_directory.CheckInput);
        var scores = Engine(width).Classify(image);
        return new JsonObject
        {
            ["logits"] = scores is null ? null : new JsonArray(scores.to_type(ScalarType.Float32).data<float>().Select(v => (JsonNode?)(double)v).ToArray()),
        };
    }

    public JsonObject Time(string width, int batch, int warmup, int iterations)
    {
        if (batch < 1 || warmup < 0 || iterations < 1)
        {
            throw new ArgumentException($"Need batch >= 1, warmup >= 0 and iterations >= 1, got batch {batch}, warmup {warmup}, iterations {iterations}.");
        }

        var times = Timing.Milliseconds(Engine(width), Input(batch), warmup, iterations);
        return new JsonObject
        {
            ["engine"] = _kind.Name,
            ["width"] = width,
            ["batch"] = batch,
            ["warmup"] = warmup,
            ["iterations"] = iterations,
            ["times_ms"] = new JsonArray(times.Select(t => (JsonNode?)t).ToArray()),
        };
    }

    public void Dispose()
    {
        foreach (var engine in _engines.Values)
        {
            engine.Dispose();
        }

        foreach (var input in _inputs.Values)
        {
            input.Dispose();
        }
    }

    private IEngine Engine(string width)
    {
        _ = ShuffleNetV2Widths.Parse(width);
        if (!_engines.TryGetValue(width, out var engine))
        {
            engine = _kind.Open(_directory, width, _settings);
            _engines[width] = engine;
        }

        return engine;
    }

    private Tensor Input(int batch)
    {
        if (!_inputs.TryGetValue(batch, out var input))
        {
            input = rand([batch, 3, WorkDirectory.CheckImageSize, WorkDirectory.CheckImageSize], generator: new Generator((ulong)batch));
            _inputs[batch] = input;
        }

        return input;
    }

    private static Tensor ReadCheckImage(string path)
    {
        var bytes = File.Exists(path) ? File.ReadAllBytes(path) : throw new FileNotFoundException($"No check image at '{path}'; run 'prepare' first.", path);
        var image = empty(1, 3, WorkDirectory.CheckImageSize, WorkDirectory.CheckImageSize);
        if (bytes.Length != image.NumberOfElements * sizeof(float))
        {
            throw new InvalidDataException($"'{path}' holds {bytes.Length} bytes, but a 1×3×{WorkDirectory.CheckImageSize}×{WorkDirectory.CheckImageSize} float32 image is {image.NumberOfElements * sizeof(float)}.");
        }

        image.bytes = bytes;
        return image;
    }

    private static string Text(JsonObject request, string name) => JsonLines.Text(request, name);

    private static int Number(JsonObject request, string name, int fallback) => JsonLines.Number(request, name, fallback);
}
