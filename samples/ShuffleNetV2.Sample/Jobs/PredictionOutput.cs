using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ShuffleNet.Torch.Sample;

/// <summary>
/// The classify result in each format. Labels are the class names of the weights' registry entry or of --labels;
/// without either the classes have no names: the text and Markdown tables show "class N", CSV leaves the cell empty and
/// JSON writes null.
/// </summary>
internal static class PredictionOutput
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private const int LabelColumn = 3;
    private static readonly string[] Headers = ["rank", "index", "probability", "label"];

    public static string Format(ImagePredictions result, OutputFormat format) => format switch
    {
        OutputFormat.Markdown => Markdown(result),
        OutputFormat.Csv => Csv(result),
        OutputFormat.Json => JsonDocument(result),
        _ => Table(result),
    };

    private static string Table(ImagePredictions result) =>
        new StringBuilder()
            .Append("image:   ").Append(result.Image).Append('\n')
            .Append("weights: ").Append(WeightsText(result)).Append('\n')
            .Append("input:   ").Append(TransformText(result)).Append('\n')
            .Append("engine:  ").Append(result.Engine.Text()).Append(", ").Append(Int(result.Classes)).Append(" classes\n\n")
            .Append(TextTable.Render(Headers, Rows(result), LabelColumn))
            .ToString();

    private static string Markdown(ImagePredictions result) =>
        new StringBuilder()
            .Append("# Top ").Append(Int(result.Top.Count)).Append(" classes\n\n")
            .Append("- image: `").Append(result.Image).Append("`\n")
            .Append("- weights: ").Append(result.Weights is null ? "none (random weights)" : $"`{result.Weights}`" + (result.Entry is null ? string.Empty : $" ({result.Entry})")).Append('\n')
            .Append("- input: ").Append(TransformText(result)).Append('\n')
            .Append("- engine: ").Append(result.Engine.Text()).Append(", ").Append(Int(result.Classes)).Append(" classes\n\n")
            .Append(TextTable.Markdown(Headers, Rows(result), LabelColumn))
            .ToString();

    private static string Csv(ImagePredictions result) =>
        CsvText.Write(
            ["rank", "index", "probability", "label"],
            result.Top.Select((p, i) => new[] { Int(i + 1), Int(p.Index), p.Probability.ToString("R", CultureInfo.InvariantCulture), p.Label ?? string.Empty }));

    private static string JsonDocument(ImagePredictions result) =>
        JsonSerializer.Serialize(
            new
            {
                image = result.Image,
                weights = result.Weights,
                entry = result.Entry,
                resize = result.Transform.ResizeSize,
                crop = result.Transform.CropHeight,
                crop_width = result.Transform.CropWidth,
                card = result.CardOrigin,
                engine = result.Engine.Text(),
                classes = result.Classes,
                top = result.Top.Select(p => new { index = p.Index, label = p.Label, probability = p.Probability }),
            },
            Json) + "\n";

    private static string WeightsText(ImagePredictions result) =>
        result.Weights is null ? "none (random weights)" : result.Weights + (result.Entry is null ? string.Empty : $" ({result.Entry})");

    private static string TransformText(ImagePredictions result) =>
        (result.Transform.ResizeSize is { } resize ? $"resize {Int(resize)}, " : "no resize, ")
        + (result.Transform.IsSquare ? $"centre crop {Int(result.Transform.CropHeight)}" : $"centre crop {Int(result.Transform.CropHeight)}x{Int(result.Transform.CropWidth)}")
        + (result.CardOrigin is { } origin ? $" (model card: {origin}{(result.SizeOptions is { } given ? $", with {given}" : string.Empty)})" : string.Empty);

    private static System.Collections.Generic.IEnumerable<string[]> Rows(ImagePredictions result) =>
        result.Top.Select((p, i) => new[]
        {
            Int(i + 1),
            Int(p.Index),
            (p.Probability * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%",
            p.Label ?? $"class {Int(p.Index)}",
        });

    private static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);
}
