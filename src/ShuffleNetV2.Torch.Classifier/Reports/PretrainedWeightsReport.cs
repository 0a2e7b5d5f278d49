using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using ShuffleNet.Torch.Pretrained;

namespace ShuffleNet.Torch.Classifier.Reports;

/// <summary>torchvision's weights the registry knows (<see cref="ShuffleNetV2Weights.All"/>): a table, or JSON with every field of each entry in torchvision's names.</summary>
public static class PretrainedWeightsReport
{
    private static readonly string[] Headers = ["width", "name", "file", "MB", "params", "GFLOPS", "acc@1", "acc@5", "resize", "crop"];
    private static readonly int[] TextColumns = [1, 2];

    /// <summary>The registry as a table (text) or a JSON array (the 1,000 categories included).</summary>
    /// <param name="format">Text or JSON.</param>
    /// <returns>The document, ending with a line break.</returns>
    public static string Format(ReportFormat format) => format switch
    {
        ReportFormat.Text => Table(),
        ReportFormat.Json => JsonArray(),
        _ => throw ReportText.Unsupported(format, "weights list"),
    };

    private static string Table()
    {
        var entries = ShuffleNetV2Weights.All;
        var rows = entries.Select(e => new[]
        {
            e.Width.ToText() + "x",
            e.Name,
            e.FileName,
            Number(e.FileSizeMB),
            e.NumParams.ToString("N0", CultureInfo.InvariantCulture),
            Number(e.GFlops),
            Number(e.Acc1),
            Number(e.Acc5),
            Number(e.Transforms.ResizeSize ?? 0),
            Number(e.Transforms.CropHeight),
        });
        var first = entries[0];
        return new StringBuilder()
            .Append(TextTable.Render(Headers, rows, TextColumns))
            .Append('\n')
            .Append("Every entry: ").Append(Number(first.Categories.Count)).Append(" ImageNet categories, ")
            .Append(first.Transforms.Interpolation.ToString().ToLowerInvariant()).Append(" resize of the shorter side, then the centre crop, mean (")
            .Append(Numbers(first.Transforms.Mean)).Append("), std (").Append(Numbers(first.Transforms.Std)).Append(").\n")
            .ToString();
    }

    private static string JsonArray()
    {
        var array = new JsonArray();
        foreach (var e in ShuffleNetV2Weights.All)
        {
            array.Add(new JsonObject
            {
                ["name"] = e.Name,
                ["url"] = e.Url.ToString(),
                ["file_name"] = e.FileName,
                ["sha256_prefix"] = e.Sha256Prefix,
                ["file_size_mb"] = e.FileSizeMB,
                ["num_params"] = e.NumParams,
                ["gflops"] = e.GFlops,
                ["acc@1"] = e.Acc1,
                ["acc@5"] = e.Acc5,
                ["resize_size"] = e.Transforms.ResizeSize,
                ["crop_size"] = e.Transforms.CropHeight,
                ["interpolation"] = e.Transforms.Interpolation.ToString().ToLowerInvariant(),
                ["mean"] = new JsonArray([.. e.Transforms.Mean.Select(v => JsonValue.Create(v))]),
                ["std"] = new JsonArray([.. e.Transforms.Std.Select(v => JsonValue.Create(v))]),
                ["min_size"] = new JsonArray(e.MinSize.Height, e.MinSize.Width),
                ["recipe"] = e.Recipe.ToString(),
                ["categories"] = new JsonArray([.. e.Categories.Select(c => JsonValue.Create(c))]),
            });
        }

        return array.ToJsonString(ReportText.Indented) + "\n";
    }

    private static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Numbers(IEnumerable<float> values) => string.Join(", ", values.Select(v => v.ToString(CultureInfo.InvariantCulture)));
}
