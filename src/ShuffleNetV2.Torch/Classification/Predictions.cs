using System;
using System.Collections.Generic;
using System.Linq;
using TorchShared;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Classification;

/// <summary>Turns logits into the most probable classes.</summary>
public static class Predictions
{
    /// <summary>
    /// The <paramref name="k"/> most probable classes of each image, most probable first (equal probabilities: lower
    /// index first), with softmax probabilities over all classes (computed in double precision).
    /// </summary>
    /// <param name="logits">Logits of shape [classes] (one image) or [batch, classes], on any device.</param>
    /// <param name="k">How many classes per image (1 to the class count).</param>
    /// <param name="labels">Class names; null uses <see cref="ImageNetClasses.Names"/> when there are 1,000 classes, no names otherwise.</param>
    /// <returns>One list of <paramref name="k"/> predictions per image.</returns>
    /// <exception cref="ArgumentException">The logits are not 1-D or 2-D, <paramref name="k"/> is out of range, or the label count differs from the class count.</exception>
    public static IReadOnlyList<IReadOnlyList<ClassPrediction>> TopK(Tensor logits, int k = 5, IReadOnlyList<string>? labels = null)
    {
        ArgumentNullException.ThrowIfNull(logits);
        if (logits.dim() is not (1 or 2))
        {
            throw new ArgumentException($"TopK needs logits of shape [classes] or [batch, classes], got {ShapeText.Format(logits.shape)}.", nameof(logits));
        }

        var classes = (int)logits.shape[^1];
        if (k < 1 || k > classes)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be between 1 and the class count {classes}, got {k}.");
        }

        if (labels is not null && labels.Count != classes)
        {
            throw new ArgumentException($"{labels.Count} labels were given for {classes} classes.", nameof(labels));
        }

        labels ??= classes == ImageNetClasses.Names.Count ? ImageNetClasses.Names : null;
        using var scope = NewDisposeScope();
        var rows = logits.dim() == 1 ? logits.unsqueeze(0) : logits;
        var probabilities = rows.detach().to(ScalarType.Float64).softmax(-1).cpu().data<double>().ToArray();

        var result = new List<IReadOnlyList<ClassPrediction>>();
        for (var row = 0; row < probabilities.Length / classes; row++)
        {
            var offset = row * classes;
            result.Add(Enumerable.Range(0, classes)
                .OrderByDescending(i => probabilities[offset + i])
                .ThenBy(i => i)
                .Take(k)
                .Select(i => new ClassPrediction(i, labels?[i], (float)probabilities[offset + i]))
                .ToList());
        }

        return result;
    }
}
