using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace ShuffleNet.Torch.Weights;

/// <summary>
/// Maps between torchvision's per-stage unit names (<c>stage2.i</c>, <c>stage3.i</c>, <c>stage4.i</c>) and the reference model's
/// single list (<c>inverted_block.k</c>, k = units in earlier stages + i) through the architecture's stage repeats.
/// Everything after the unit index is the same in both: torchvision's stride-1 units also have an empty branch1.
/// </summary>
internal sealed class StateDictKeys
{
    private const string InvertedBlockPrefix = "inverted_block";
    private static readonly string[] StagePrefixes = ["stage2", "stage3", "stage4"];
    private readonly IReadOnlyList<int> _repeats;

    public StateDictKeys(ShuffleNetV2Architecture architecture)
    {
        _repeats = architecture.StagesRepeats;
    }

    /// <summary>Recognises the naming from the keys; keys of neither kind (conv1, fc...) say nothing.</summary>
    /// <exception cref="ArgumentException">The keys mix both namings.</exception>
    public static WeightsKeyStyle DetectStyle(IEnumerable<string> keys)
    {
        var list = keys.ToList();
        var torchvision = list.Any(k => StagePrefixes.Contains(FirstPart(k)));
        var invertedBlock = list.Any(k => FirstPart(k) == InvertedBlockPrefix);
        if (torchvision && invertedBlock)
        {
            throw new ArgumentException("The file mixes torchvision's keys (stage2/stage3/stage4) and the reference model's (inverted_block).");
        }

        return torchvision ? WeightsKeyStyle.Torchvision : WeightsKeyStyle.InvertedBlock;
    }

    /// <summary>The model's name for a file key; a stage unit beyond the model's repeats keeps its file name, so it shows as unexpected.</summary>
    public string ToModel(string fileKey, WeightsKeyStyle style)
    {
        if (style == WeightsKeyStyle.InvertedBlock)
        {
            return fileKey;
        }

        var parts = fileKey.Split('.');
        var stage = Array.IndexOf(StagePrefixes, parts[0]);
        if (stage < 0 || parts.Length < 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var unit) || unit >= _repeats[stage])
        {
            return fileKey;
        }

        parts[0] = InvertedBlockPrefix;
        parts[1] = (_repeats.Take(stage).Sum() + unit).ToString(CultureInfo.InvariantCulture);
        return string.Join('.', parts);
    }

    /// <summary>The file's name for a model key (for messages about missing keys, and for saving in torchvision's naming).</summary>
    public string ToFile(string modelKey, WeightsKeyStyle style)
    {
        if (style == WeightsKeyStyle.InvertedBlock)
        {
            return modelKey;
        }

        var parts = modelKey.Split('.');
        if (parts[0] != InvertedBlockPrefix || parts.Length < 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var unit))
        {
            return modelKey;
        }

        for (var stage = 0; stage < _repeats.Count; stage++)
        {
            if (unit < _repeats[stage])
            {
                parts[0] = StagePrefixes[stage];
                parts[1] = unit.ToString(CultureInfo.InvariantCulture);
                return string.Join('.', parts);
            }

            unit -= _repeats[stage];
        }

        return modelKey;
    }

    private static string FirstPart(string key)
    {
        var dot = key.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? key : key[..dot];
    }
}
