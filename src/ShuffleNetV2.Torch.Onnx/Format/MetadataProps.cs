using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;
using Onnx;
using TorchCheckpoints;
using TorchCheckpoints.Hub;

namespace ShuffleNet.Torch.Onnx.Format;

/// <summary>
/// The evaluation transform and the class labels as ONNX <c>metadata_props</c> (key/value strings): written on export,
/// read back from ONNX Runtime's custom metadata map. The keys are documented on <see cref="OnnxExportOptions.Preprocessing"/>,
/// <see cref="OnnxExportOptions.Labels"/> and <see cref="OnnxExportOptions.Card"/>.
/// </summary>
internal static class MetadataProps
{
    public const string InputSizeKey = "preprocessing.input_size";
    public const string ResizeSizeKey = "preprocessing.resize_size";
    public const string MeanKey = "preprocessing.mean";
    public const string StdKey = "preprocessing.std";
    public const string LabelsKey = "labels";
    public const string CardKey = "model_card";

    private const string PreprocessingPrefix = "preprocessing.";
    private const char Separator = ',';

    // Labels such as "potter's wheel" stay readable in the file; the value is never embedded in HTML.
    private static readonly JsonWriterOptions LabelsJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IEnumerable<StringStringEntryProto> Entries(OnnxExportOptions options)
    {
        foreach (var entry in Entries(options.RecordedPreprocessing, options.RecordedLabels))
        {
            yield return entry;
        }

        if (options.Card is { } card)
        {
            yield return Entry(CardKey, card.ToJson());
        }
    }

    private static IEnumerable<StringStringEntryProto> Entries(ImageClassificationTransform? preprocessing, IReadOnlyList<string>? labels)
    {
        if (preprocessing is not null)
        {
            yield return Entry(InputSizeKey, Numbers([preprocessing.CropHeight, preprocessing.CropWidth]));
            if (preprocessing.ResizeSize is { } resize)
            {
                yield return Entry(ResizeSizeKey, resize.ToString(CultureInfo.InvariantCulture));
            }

            yield return Entry(MeanKey, Numbers(preprocessing.Mean));
            yield return Entry(StdKey, Numbers(preprocessing.Std));
        }

        if (labels is not null)
        {
            yield return Entry(LabelsKey, LabelsAsJson(labels));
        }
    }

    /// <summary>The recorded transform, or <see langword="null"/> when no <c>preprocessing.*</c> key is present.</summary>
    /// <exception cref="InvalidDataException">A key is missing or a value cannot be read; the message names both.</exception>
    public static ImageClassificationTransform? ReadPreprocessing(IReadOnlyDictionary<string, string> metadata)
    {
        if (!metadata.Keys.Any(k => k.StartsWith(PreprocessingPrefix, StringComparison.Ordinal)))
        {
            return null;
        }

        var size = Integers(metadata, InputSizeKey, count: 2);
        var resize = metadata.ContainsKey(ResizeSizeKey) ? Integers(metadata, ResizeSizeKey, count: 1)[0] : (int?)null;
        var mean = Floats(metadata, MeanKey);
        var std = Floats(metadata, StdKey);
        try
        {
            return new ImageClassificationTransform(size[0], size[1], resize, mean, std);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"The model's metadata describes an invalid preprocessing: {e.Message}", e);
        }
    }

    /// <summary>The recorded model card, or <see langword="null"/> when the <c>model_card</c> key is absent.</summary>
    /// <exception cref="InvalidDataException">The value is not a readable model card.</exception>
    public static ModelCard? ReadCard(IReadOnlyDictionary<string, string> metadata) =>
        metadata.TryGetValue(CardKey, out var json) ? ModelCard.Parse(json, $"the ONNX metadata '{CardKey}'") : null;

    /// <summary>The recorded labels, or <see langword="null"/> when the <c>labels</c> key is absent.</summary>
    /// <exception cref="InvalidDataException">The value is not a JSON array of strings.</exception>
    public static IReadOnlyList<string>? ReadLabels(IReadOnlyDictionary<string, string> metadata)
    {
        if (!metadata.TryGetValue(LabelsKey, out var text))
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(text);
            if (json.RootElement.ValueKind == JsonValueKind.Array && json.RootElement.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String))
            {
                return Array.AsReadOnly(json.RootElement.EnumerateArray().Select(e => e.GetString()!).ToArray());
            }
        }
        catch (JsonException)
        {
            // Reported below, as for valid JSON of another shape.
        }

        throw Invalid(LabelsKey, text, "a JSON array of strings");
    }

    private static StringStringEntryProto Entry(string key, string value) => new() { Key = key, Value = value };

    private static string Numbers<T>(IEnumerable<T> values)
        where T : IFormattable =>
        string.Join(Separator, values.Select(v => v.ToString(null, CultureInfo.InvariantCulture)));

    private static string LabelsAsJson(IReadOnlyList<string> labels)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, LabelsJson))
        {
            writer.WriteStartArray();
            foreach (var label in labels)
            {
                writer.WriteStringValue(label);
            }

            writer.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static int[] Integers(IReadOnlyDictionary<string, string> metadata, string key, int count) =>
        Parse<int>(metadata, key, count, text => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null, $"{count} whole number(s) separated by '{Separator}'");

    private static float[] Floats(IReadOnlyDictionary<string, string> metadata, string key) =>
        Parse<float>(metadata, key, null, text => float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null, $"one number per channel separated by '{Separator}'");

    private static T[] Parse<T>(IReadOnlyDictionary<string, string> metadata, string key, int? count, Func<string, T?> parse, string expected)
        where T : struct
    {
        if (!metadata.TryGetValue(key, out var text))
        {
            throw new InvalidDataException($"The model's metadata describes a preprocessing but has no '{key}' (expected {expected}).");
        }

        var values = text.Split(Separator).Select(part => parse(part.Trim())).ToArray();
        return (count is null || values.Length == count) && values.All(v => v.HasValue) ? values.Select(v => v!.Value).ToArray() : throw Invalid(key, text, expected);
    }

    private static InvalidDataException Invalid(string key, string value, string expected) =>
        new($"The model's metadata '{key}' = '{value}' cannot be read: expected {expected}.");
}
