using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace ShuffleNet.Torch.Weights;

/// <summary>Reads the architecture and class count a checkpoint was made for from its keys and shapes.</summary>
internal static class CheckpointArchitecture
{
    /// <summary>The architecture, or null when the keys do not describe a complete ShuffleNetV2; the class count, or null without <c>fc.weight</c>.</summary>
    public static (ShuffleNetV2Architecture? Architecture, long? NumClasses) Infer(IReadOnlyDictionary<string, long[]> shapes, WeightsKeyStyle style)
    {
        long? numClasses = shapes.TryGetValue("fc.weight", out var fc) && fc.Length == 2 ? fc[0] : null;
        if (!shapes.TryGetValue("conv1.0.weight", out var conv1) || conv1.Length != 4 || !shapes.TryGetValue("conv5.0.weight", out var conv5) || conv5.Length != 4)
        {
            return (null, numClasses);
        }

        var stages = style == WeightsKeyStyle.Torchvision ? TorchvisionStages(shapes) : InvertedBlockStages(shapes);
        if (stages is null)
        {
            return (null, numClasses);
        }

        try
        {
            var channels = new[] { conv1[0] }.Concat(stages.Select(s => s.Channels)).Append(conv5[0]);
            return (ShuffleNetV2Architecture.Create(stages.Select(s => s.Repeats), channels), numClasses);
        }
        catch (ArgumentException)
        {
            return (null, numClasses);
        }
    }

    /// <summary>"stages_repeats [..], stages_out_channels [..] (the 1.0× preset)".</summary>
    public static string Describe(ShuffleNetV2Architecture architecture) =>
        architecture.Width is { } width ? $"{architecture} (the {width.ToText()}× preset)" : architecture.ToString();



    private static List<(int Repeats, long Channels)>? TorchvisionStages(IReadOnlyDictionary<string, long[]> shapes)
    {
        var stages = new List<(int, long)>();
        foreach (var stage in new[] { "stage2", "stage3", "stage4" })
        {
            var units = UnitIndices(shapes.Keys, stage);
            if (units.Count == 0 || units.Max() != units.Count - 1 || !shapes.TryGetValue($"{stage}.0.branch2.0.weight", out var first))
            {
                return null;
            }

            stages.Add((units.Count, first[0] * 2));
        }

        return stages;
    }

    private static List<(int Repeats, long Channels)>? InvertedBlockStages(IReadOnlyDictionary<string, long[]> shapes)
    {
        var units = UnitIndices(shapes.Keys, "inverted_block");
        if (units.Count == 0 || units.Max() != units.Count - 1)
        {
            return null;
        }

        var starts = units.Where(u => shapes.ContainsKey($"inverted_block.{u}.branch1.0.weight")).Order().ToList();
        if (starts.Count != 3 || starts[0] != 0)
        {
            return null;
        }

        var stages = new List<(int, long)>();
        for (var i = 0; i < 3; i++)
        {
            var end = i < 2 ? starts[i + 1] : units.Count;
            if (!shapes.TryGetValue($"inverted_block.{starts[i]}.branch2.0.weight", out var first))
            {
                return null;
            }

            stages.Add((end - starts[i], first[0] * 2));
        }

        return stages;
    }

    private static HashSet<int> UnitIndices(IEnumerable<string> keys, string prefix) => keys
        .Select(k => k.Split('.'))
        .Where(p => p.Length > 2 && p[0] == prefix)
        .Select(p => int.TryParse(p[1], NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : -1)
        .Where(i => i >= 0)
        .ToHashSet();
}
