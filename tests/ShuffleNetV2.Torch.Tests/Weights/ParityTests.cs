using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using FluentAssertions;
using ShuffleNet.Torch.Weights;
using TorchSharp.PyBridge;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Tests.Weights;

/// <summary>
/// Logits equal torchvision's for all four widths: the weights come from the generator of
/// tools/reproducible_weights.py (keyed by the torchvision key), are written to a real PyTorch zip checkpoint in
/// torchvision's or the reference model's naming and loaded through <see cref="ShuffleNetV2.LoadWeights"/>; the expected logits
/// were computed by torchvision 0.14 (tools/make_weight_fixtures.py). Measured max |difference| on this machine:
/// 4.1e-6 (0.5×), 2.3e-6 (1.0×), 5.7e-6 (1.5×), 3.6e-6 (2.0×), the same in both namings (tolerance 1e-4); any wrong key mapping moves the logits by 0.05 or more.
/// </summary>
public sealed class ParityTests(ITestOutputHelper output) : IDisposable
{
    private const float Tolerance = 1e-4f;
    private static readonly JsonElement Expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(WeightsFixtures.Directory, "parity_logits.json"))).RootElement;
    private readonly WeightsFixtures.TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(ShuffleNetV2Width.X0_5, WeightsKeyStyle.Torchvision)]
    [InlineData(ShuffleNetV2Width.X0_5, WeightsKeyStyle.InvertedBlock)]
    [InlineData(ShuffleNetV2Width.X1_0, WeightsKeyStyle.Torchvision)]
    [InlineData(ShuffleNetV2Width.X1_0, WeightsKeyStyle.InvertedBlock)]
    [InlineData(ShuffleNetV2Width.X1_5, WeightsKeyStyle.Torchvision)]
    [InlineData(ShuffleNetV2Width.X1_5, WeightsKeyStyle.InvertedBlock)]
    [InlineData(ShuffleNetV2Width.X2_0, WeightsKeyStyle.Torchvision)]
    [InlineData(ShuffleNetV2Width.X2_0, WeightsKeyStyle.InvertedBlock)]
    public void LoadWeights_ReproducibleWeightsCheckpoint_GivesTorchvisionsLogits(ShuffleNetV2Width width, WeightsKeyStyle style)
    {
        var path = _temp.File($"{width}-{style}.pth");
        WriteCheckpoint(width, style, path);
        using var model = ShuffleNetV2.Create(width);

        var result = model.LoadWeights(path);

        result.KeyStyle.Should().Be(style);
        var error = MaxLogitError(model, width);
        output.WriteLine($"{width} {style}: max |logit - torchvision| = {error:E2}");
        error.Should().BeLessThan(Tolerance);
    }

    [Theory]
    [InlineData(ShuffleNetV2Width.X0_5)]
    [InlineData(ShuffleNetV2Width.X1_0)]
    [InlineData(ShuffleNetV2Width.X1_5)]
    [InlineData(ShuffleNetV2Width.X2_0)]
    public void ChannelsLast_ReproducibleWeightsCheckpoint_GivesTorchvisionsLogits(ShuffleNetV2Width width)
    {
        var path = _temp.File($"{width}-channels-last.pth");
        WriteCheckpoint(width, WeightsKeyStyle.Torchvision, path);
        using var model = ShuffleNetV2.Create(width);
        model.LoadWeights(path);

        model.ChannelsLast = true;

        var error = MaxLogitError(model, width);
        output.WriteLine($"{width} channels-last: max |logit - torchvision| = {error:E2}");
        error.Should().BeLessThan(Tolerance);
    }

    [Fact]
    public void LoadWeights_TwoUnitsSwappedInTheFile_MissesTorchvisionsLogitsByFar()
    {
        // Proves the comparison can fail: a mapping that swaps two same-shaped units is caught.
        var path = _temp.File("swapped.pth");
        WriteCheckpoint(ShuffleNetV2Width.X0_5, WeightsKeyStyle.Torchvision, path, key => key.Replace("stage3.1.", "stage3.#.", StringComparison.Ordinal)
            .Replace("stage3.2.", "stage3.1.", StringComparison.Ordinal).Replace("stage3.#.", "stage3.2.", StringComparison.Ordinal));
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5);

        model.LoadWeights(path);

        MaxLogitError(model, ShuffleNetV2Width.X0_5).Should().BeGreaterThan(100 * Tolerance);
    }

    /// <summary>
    /// Torchvision-named files without a rename are written once per width and then copied: the 2.0× file costs about
    /// 1.5 s to generate and pickle, and the parity and transform parity tests write it three times.
    /// </summary>
    private static readonly ConcurrentDictionary<ShuffleNetV2Width, Lazy<byte[]>> TorchvisionFiles = new();

    internal static void WriteCheckpoint(ShuffleNetV2Width width, WeightsKeyStyle style, string path, Func<string, string>? rename = null)
    {
        if (style == WeightsKeyStyle.Torchvision && rename is null)
        {
            File.WriteAllBytes(path, TorchvisionFiles.GetOrAdd(width, w => new Lazy<byte[]>(() => Pickled(w))).Value);
            return;
        }

        Pickle(width, style, path, rename);
    }

    private static byte[] Pickled(ShuffleNetV2Width width)
    {
        var path = Path.GetTempFileName();
        try
        {
            Pickle(width, WeightsKeyStyle.Torchvision, path, rename: null);
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void Pickle(ShuffleNetV2Width width, WeightsKeyStyle style, string path, Func<string, string>? rename)
    {
        using var scope = NewDisposeScope();
        using var shapes = ShuffleNetV2.Create(width);
        var state = new Dictionary<string, Tensor>();
        foreach (var (seedKey, tensor) in shapes.state_dict())
        {
            var torchvisionKey = ReproducibleCheckpoint.TorchvisionKey(seedKey);
            var values = ReproducibleWeights.Values(torchvisionKey, tensor.shape);
            var fileKey = style == WeightsKeyStyle.InvertedBlock ? seedKey : torchvisionKey;
            state[rename?.Invoke(fileKey) ?? fileKey] = values;
        }

        PyTorchPickler.PickleStateDict(path, state);
    }

    private static float MaxLogitError(ShuffleNetV2 model, ShuffleNetV2Width width)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        model.eval();
        var logits = model.call(ReproducibleWeights.Values("input", [2, 3, 224, 224])).data<float>().ToArray();
        var expected = Expected.GetProperty("widths").GetProperty(width.ToString()).GetProperty("logits").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        logits.Should().HaveCount(expected.Length);
        return logits.Zip(expected, (a, b) => Math.Abs(a - b)).Max();
    }
}
