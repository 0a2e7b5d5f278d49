using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using ShuffleNet.Torch.Classification;
using TorchCheckpoints.Hub;

namespace ShuffleNet.Torch.Classifier.Reports;

/// <summary>
/// One image classified: the most probable classes and what produced them (weights, registry entry, transform, engine,
/// where the card came from). Classes without names are "class N" in text and Markdown, an empty cell in CSV and null
/// in JSON.
/// </summary>
/// <param name="Image">The image's full path.</param>
/// <param name="Weights">The model's full path (a run folder, a weights, checkpoint or ONNX file, a cached download), or null for an untrained network.</param>
/// <param name="Entry">The registry entry the weights are, or null.</param>
/// <param name="Transform">How the image was prepared.</param>
/// <param name="Engine">What ran the network.</param>
/// <param name="ClassCount">The model's number of classes.</param>
/// <param name="Top">The most probable classes, most probable first.</param>
/// <param name="CardLocation">Where the model card is (<see cref="ClassifierSource.CardLocation"/>), or null.</param>
/// <param name="Overridden">The card's values the load options replaced, e.g. "Resize and Crop", or null.</param>
public sealed record ClassificationReport(
    string Image, string? Weights, string? Entry, ImageClassificationTransform Transform, ClassifierEngine Engine, int ClassCount, IReadOnlyList<ClassPrediction> Top,
    string? CardLocation, string? Overridden)
{
    private static readonly JsonSerializerOptions Json = new(ReportText.Indented) { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
    private static readonly string[] Headers = ["rank", "index", "probability", "label"];
    private const int LabelColumn = 3;

    /// <summary>Classifies <paramref name="imagePath"/> with <paramref name="classifier"/> and describes the result.</summary>
    /// <param name="classifier">The classifier.</param>
    /// <param name="imagePath">A PNG or JPEG file.</param>
    /// <param name="top">How many classes; null for 5 or the class count if smaller.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="top"/> is below 1 or above the class count.</exception>
    /// <exception cref="FileNotFoundException">There is no such image.</exception>
    public static ClassificationReport Create(ShuffleNetV2Classifier classifier, string imagePath, int? top = null)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        var predictions = classifier.Classify(imagePath, top);
        var source = classifier.Source;
        return new ClassificationReport(
            Path.GetFullPath(imagePath), source.Path.Length > 0 ? source.Path : null, source.RegistryEntry, classifier.Transform, classifier.Engine, classifier.ClassCount,
            predictions, source.CardLocation, classifier.Overrides?.Given);
    }

    /// <summary>The report as text, Markdown, CSV or JSON.</summary>
    /// <param name="format">The format.</param>
    /// <returns>The document, ending with a line break.</returns>
    public string Format(ReportFormat format) => format switch
    {
        ReportFormat.Text => Text(),
        ReportFormat.Markdown => Markdown(),
        ReportFormat.Csv => TextTable.Csv(Headers, Top.Select((p, i) => new[] { ReportText.Int(i + 1), ReportText.Int(p.Index), p.Probability.ToString("R", CultureInfo.InvariantCulture), p.Label ?? string.Empty })),
        ReportFormat.Json => JsonSerializer.Serialize(
            new
            {
                image = Image,
                weights = Weights,
                entry = Entry,
                resize = Transform.ResizeSize,
                crop = Transform.CropHeight,
                crop_width = Transform.CropWidth,
                card = CardLocation,
                engine = ReportText.Name(Engine),
                classes = ClassCount,
                top = Top.Select(p => new { index = p.Index, label = p.Label, probability = p.Probability }),
            },
            Json) + "\n",
        _ => throw ReportText.Unsupported(format, "classification"),
    };

    private string Text() => new StringBuilder()
        .Append("image:   ").Append(Image).Append('\n')
        .Append("weights: ").Append(WeightsText()).Append('\n')
        .Append("input:   ").Append(TransformText()).Append('\n')
        .Append("engine:  ").Append(ReportText.Name(Engine)).Append(", ").Append(ReportText.Int(ClassCount)).Append(" classes\n\n")
        .Append(TextTable.Render(Headers, Rows(), LabelColumn))
        .ToString();

    private string Markdown() => new StringBuilder()
        .Append("# Top ").Append(ReportText.Int(Top.Count)).Append(" classes\n\n")
        .Append("- image: `").Append(Image).Append("`\n")
        .Append("- weights: ").Append(Weights is null ? "none (random weights)" : $"`{Weights}`" + (Entry is null ? string.Empty : $" ({Entry})")).Append('\n')
        .Append("- input: ").Append(TransformText()).Append('\n')
        .Append("- engine: ").Append(ReportText.Name(Engine)).Append(", ").Append(ReportText.Int(ClassCount)).Append(" classes\n\n")
        .Append(TextTable.Markdown(Headers, Rows(), LabelColumn))
        .ToString();

    private string WeightsText() => Weights is null ? "none (random weights)" : Weights + (Entry is null ? string.Empty : $" ({Entry})");

    private string TransformText() =>
        (Transform.ResizeSize is { } resize ? $"resize {ReportText.Int(resize)}, " : "no resize, ")
        + (Transform.IsSquare ? $"centre crop {ReportText.Int(Transform.CropHeight)}" : $"centre crop {ReportText.Int(Transform.CropHeight)}x{ReportText.Int(Transform.CropWidth)}")
        + (CardLocation is { } card ? $" (model card: {card}{(Overridden is { } given ? $", with {given}" : string.Empty)})" : string.Empty);

    private IEnumerable<string[]> Rows() => Top.Select((p, i) => new[]
    {
        ReportText.Int(i + 1),
        ReportText.Int(p.Index),
        (p.Probability * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%",
        p.Label ?? $"class {ReportText.Int(p.Index)}",
    });
}
