using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using ShuffleNet.Torch.Pretrained;
using TorchCheckpoints;

namespace ShuffleNet.Torch.Tests.Pretrained;

/// <summary>The README's table of torchvision's weights, rendered from the registry.</summary>
internal static class WeightsTableMarkdown
{
    public const string Begin = "<!-- BEGIN weights table: generated from ShuffleNetV2Weights.All, checked by tests/ShuffleNetV2.Torch.Tests/Pretrained/ReadmeWeightsTableTests.cs -->";
    public const string End = "<!-- END weights table -->";

    public static string Render(IReadOnlyList<ShuffleNetV2Weights> entries)
    {
        var lines = new List<string>
        {
            "| width | entry (`ShuffleNetV2Weights.…`) | torchvision's name | file | format | params | GFLOPS | size (MB) | acc@1 | acc@5 | resize | crop |",
            "|---|---|---|---|---|--:|--:|--:|--:|--:|--:|--:|",
        };
        lines.AddRange(entries.Select(e => string.Create(CultureInfo.InvariantCulture,
            $"| {e.Width.ToText()}× | `{PropertyName(e)}` | `{e.Name}` | [`{e.FileName}`]({e.Url}) | {CheckpointReader.Describe(e.Format)} | {e.NumParams:N0} | {e.GFlops} | {e.FileSizeMB} | {e.Acc1} | {e.Acc5} | {e.Transforms.ResizeSize} | {e.Transforms.CropHeight} |")));
        lines.Add(string.Empty);
        lines.Add(string.Create(CultureInfo.InvariantCulture,
            $"Every entry: {Distinct(entries, e => e.Transforms.Interpolation.ToString().ToLowerInvariant())} interpolation, mean ({Distinct(entries, e => Join(e.Transforms.Mean))}), " +
            $"std ({Distinct(entries, e => Join(e.Transforms.Std))}); min_size {Distinct(entries, e => $"{e.MinSize.Height}×{e.MinSize.Width}")}; " +
            $"{Distinct(entries, e => e.Categories.Count.ToString("N0", CultureInfo.InvariantCulture))} categories (`ImageNetClasses.Names`)."));
        return string.Join('\n', lines);
    }

    private static string PropertyName(ShuffleNetV2Weights entry) =>
        typeof(ShuffleNetV2Weights).GetProperties(BindingFlags.Public | BindingFlags.Static)
            .Single(p => p.PropertyType == typeof(ShuffleNetV2Weights) && ReferenceEquals(p.GetValue(null), entry)).Name;

    private static string Distinct(IEnumerable<ShuffleNetV2Weights> entries, Func<ShuffleNetV2Weights, string> value) =>
        string.Join(" / ", entries.Select(value).Distinct());

    private static string Join(IEnumerable<float> values) => string.Join(", ", values.Select(v => v.ToString(CultureInfo.InvariantCulture)));
}
