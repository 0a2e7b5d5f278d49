using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using ShuffleNet.Torch.Tests.Weights;

namespace ShuffleNet.Torch.Sample.Tests;

/// <summary>
/// The 1.5× and 2.0× networks filled by tools/reproducible_weights.py, written once per test class, and the logits
/// torchvision 0.14 computes for the test JPEG through their weights' transform (resize 232, crop 224; image 0 of
/// image_parity_logits.json, made by tools/make_weight_fixtures.py).
/// </summary>
public sealed class ReproducibleCheckpoints : IDisposable
{
    private static readonly JsonElement Expected =
        JsonDocument.Parse(System.IO.File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "image_parity_logits.json"))).RootElement;

    private readonly TemporaryDirectory _directory = new();
    private readonly Dictionary<ShuffleNetV2Width, string> _files = [];

    /// <summary>A checkpoint of the width, named after it but not after any published file.</summary>
    public string File(ShuffleNetV2Width width)
    {
        lock (_files)
        {
            if (!_files.TryGetValue(width, out var path))
            {
                path = _directory.File($"reproducible_{width}.pth");
                ReproducibleCheckpoint.Write(width, path);
                _files[width] = path;
            }

            return path;
        }
    }

    /// <summary>The <paramref name="k"/> most probable classes of torchvision's logits for the test JPEG: index and softmax probability.</summary>
    public static (int Index, double Probability)[] TorchvisionTop(ShuffleNetV2Width width, int k)
    {
        if (Expected.GetProperty("images")[0].GetString() != Path.GetFileName(Fixtures.Image))
        {
            throw new InvalidDataException($"image_parity_logits.json's first image is not {Path.GetFileName(Fixtures.Image)}.");
        }

        var logits = Expected.GetProperty("widths").GetProperty(width.ToString()).GetProperty("logits").EnumerateArray().Take(1000).Select(v => (double)v.GetSingle()).ToArray();
        var max = logits.Max();
        var exp = logits.Select(l => Math.Exp(l - max)).ToArray();
        var sum = exp.Sum();
        return Enumerable.Range(0, logits.Length).OrderByDescending(i => logits[i]).Take(k).Select(i => (i, exp[i] / sum)).ToArray();
    }

    public void Dispose() => _directory.Dispose();
}
