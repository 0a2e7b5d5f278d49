using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Tests.Weights;

/// <summary>The fixtures of tools/make_weight_fixtures.py and helpers shared by the weight tests.</summary>
internal static class WeightsFixtures
{
    public static readonly int[] TinyRepeats = [1, 2, 1];
    public static readonly long[] TinyChannels = [8, 16, 32, 64, 128];
    public const long TinyClasses = 10;

    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Weights");

    public static string Path_(string name) => Path.Combine(Directory, name);

    /// <summary>The legacy fixture named like torchvision's files: name-&lt;first 10 hex digits of its SHA-256&gt;.pth.</summary>
    public static string HashNamedLegacy => System.IO.Directory.GetFiles(Directory, "tiny_legacy_torchvision-*.pth").Single();

    public static string File(string name) => name == "tiny_legacy_torchvision" ? HashNamedLegacy : Path_(name + ".pth");

    public static ShuffleNetV2 NewTiny(long numClasses = TinyClasses) => ShuffleNetV2.Create(TinyRepeats, TinyChannels, numClasses);

    public static JsonElement TinyExpected { get; } = JsonDocument.Parse(System.IO.File.ReadAllText(Path_("tiny_expected.json"))).RootElement;

    public static float[] TinyLogits => TinyExpected.GetProperty("logits").EnumerateArray().Select(v => v.GetSingle()).ToArray();

    public static Tensor TinyInput() => ReproducibleWeights.Values("input", [2, 3, 64, 64]);

    /// <summary>Max |logits − expected| of the model in eval mode on the tiny input.</summary>
    public static float TinyLogitError(ShuffleNetV2 model)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        model.eval();
        var logits = model.call(TinyInput()).cpu().data<float>().ToArray();
        return logits.Zip(TinyLogits, (a, b) => Math.Abs(a - b)).Max();
    }

    /// <summary>Every parameter and buffer as raw bytes, with its type and shape, for bit-identical comparisons.</summary>
    public static Dictionary<string, (ScalarType DType, long[] Shape, byte[] Bytes)> Snapshot(ShuffleNetV2 model)
    {
        using var scope = NewDisposeScope();
        return model.state_dict().ToDictionary(
            kv => kv.Key,
            kv => (kv.Value.dtype, kv.Value.shape, kv.Value.detach().cpu().contiguous().bytes.ToArray()));
    }

    /// <summary>Keys whose type, shape or bytes differ between two snapshots (both must have the same keys).</summary>
    public static List<string> Differences(
        Dictionary<string, (ScalarType DType, long[] Shape, byte[] Bytes)> a,
        Dictionary<string, (ScalarType DType, long[] Shape, byte[] Bytes)> b) =>
        a.Keys.Union(b.Keys).Where(k => !a.TryGetValue(k, out var x) || !b.TryGetValue(k, out var y)
            || x.DType != y.DType || !x.Shape.SequenceEqual(y.Shape) || !x.Bytes.AsSpan().SequenceEqual(y.Bytes)).ToList();

    /// <summary>A fresh temporary directory, deleted when disposed.</summary>
    public sealed class TempDirectory : IDisposable
    {
        public TempDirectory()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "shufflenet-weights-" + Guid.NewGuid().ToString("N"));
            System.IO.Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string File(string name) => System.IO.Path.Combine(Path, name);

        public void Dispose() => System.IO.Directory.Delete(Path, recursive: true);
    }
}
