using System.Collections.Generic;
using System.IO;
using ShuffleNet.Torch.Pretrained;

namespace ShuffleNet.Torch.Sample;

/// <summary>
/// The class names classify prints: those of a --labels file (one per line, in class order), else the categories of the
/// registry entry the weights are, else none (the classes are then "class N", null in JSON). Never guessed from the
/// class count.
/// </summary>
internal static class ClassLabels
{
    /// <exception cref="UsageException">The labels file does not have one line per class.</exception>
    public static IReadOnlyList<string>? For(string? labelsPath, ShuffleNetV2Weights? entry, long classes)
    {
        if (labelsPath is null)
        {
            return entry?.Categories;
        }

        var lines = File.ReadAllLines(labelsPath);
        if (lines.Length != classes)
        {
            throw new UsageException(
                $"--labels '{Path.GetFullPath(labelsPath)}' has {lines.Length} line(s), but the model has {classes} classes: give one name per line, in class order.");
        }

        return lines;
    }
}
