using System;
using System.Collections.Generic;
using System.Linq;

namespace TorchTraining.Transforms;

/// <summary>torchvision's <c>Normalize(mean, std)</c>: (x - mean[c]) / std[c] per channel, in float32 as torchvision's
/// <c>sub_</c> then <c>div_</c>. One mean and std apply to every channel.</summary>
public sealed class Normalize : ITensorTransform
{
    private readonly float[] _mean;
    private readonly float[] _std;
    private readonly float[][] _tables;

    /// <summary>Creates the normalisation.</summary>
    /// <param name="mean">The per-channel means (or one for every channel).</param>
    /// <param name="std">The per-channel standard deviations, as many as the means, none zero.</param>
    /// <exception cref="ArgumentException">The lists are empty or of different lengths, or a std is zero or not finite.</exception>
    public Normalize(IReadOnlyList<float> mean, IReadOnlyList<float> std)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        if (mean.Count == 0 || mean.Count != std.Count)
        {
            throw new ArgumentException($"Normalize needs as many means as stds (at least one), got {mean.Count} and {std.Count}.", nameof(std));
        }

        if (std.Any(s => s == 0 || !float.IsFinite(s)) || mean.Any(m => !float.IsFinite(m)))
        {
            throw new ArgumentException($"Normalize needs finite means and non-zero finite stds, got mean [{string.Join(", ", mean)}], std [{string.Join(", ", std)}].", nameof(std));
        }

        _mean = mean.ToArray();
        _std = std.ToArray();
        _tables = _mean.Select((m, c) => ToTensor.ScaleTable().Select(x => (x - m) / _std[c]).ToArray()).ToArray();
    }

    /// <summary>The per-channel means.</summary>
    public IReadOnlyList<float> Mean => _mean;

    /// <summary>The per-channel standard deviations.</summary>
    public IReadOnlyList<float> Std => _std;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The image's channel count is neither 1 nor the number of means.</exception>
    public void Apply(FloatImage image, IRandomSource random)
    {
        CheckChannels(image.Channels);

        for (var c = 0; c < image.Channels; c++)
        {
            var (mean, std) = _mean.Length == 1 ? (_mean[0], _std[0]) : (_mean[c], _std[c]);
            var plane = image.Plane(c);
            for (var i = 0; i < plane.Length; i++)
            {
                plane[i] = (plane[i] - mean) / std;
            }
        }
    }

    /// <summary>For each channel, what ToTensor then this normalisation give for each byte value (<see cref="ToTensor"/> uses them).</summary>
    internal float[][] TablesFor(int channels)
    {
        CheckChannels(channels);
        return _tables.Length == channels ? _tables : [.. Enumerable.Repeat(_tables[0], channels)];
    }

    private void CheckChannels(int channels)
    {
        if (_mean.Length != 1 && _mean.Length != channels)
        {
            throw new ArgumentException($"Normalize has {_mean.Length} means for an image of {channels} channel(s).", nameof(channels));
        }
    }
}
