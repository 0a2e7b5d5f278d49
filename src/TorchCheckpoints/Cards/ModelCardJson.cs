using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using TorchCheckpoints.Hub;

namespace TorchCheckpoints;

/// <summary>
/// The JSON form of <see cref="ModelCard"/>: written key by key so that the order is fixed and class names stay
/// readable, read key by key so that every problem names the source and the key.
/// </summary>
internal static class ModelCardJson
{
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(ModelCard card)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            w.WriteStartObject();
            w.WriteString("format", ModelCard.FormatName);
            w.WriteNumber("version", ModelCard.FormatVersion);
            w.WriteStartObject("architecture");
            w.WriteString("name", card.Architecture.Name);
            foreach (var setting in card.Architecture.Config.EnumerateObject().Where(p => p.Name != "name"))
            {
                if (IsNumberList(setting.Value))
                {
                    w.WritePropertyName(setting.Name);
                    w.WriteRawValue("[" + string.Join(", ", setting.Value.EnumerateArray().Select(e => e.GetRawText())) + "]");
                }
                else
                {
                    setting.WriteTo(w);
                }
            }

            w.WriteEndObject();
            w.WriteNumber("input_channels", card.InputChannels);
            w.WriteStartArray("classes");
            foreach (var name in card.Classes)
            {
                w.WriteStringValue(name);
            }

            w.WriteEndArray();
            WriteTransform(w, "eval_transform", card.Transform);
            if (card.Weights is { } weights)
            {
                w.WriteString("weights", weights);
            }

            if (card.Provenance is { } provenance)
            {
                WriteProvenance(w, provenance);
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    public static ModelCard Read(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{source}' is not a model card: not valid JSON ({e.Message}).", e);
        }

        using (document)
        {
            var root = document.RootElement;
            var reader = new Reader(source);
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String
                || format.GetString() != ModelCard.FormatName)
            {
                throw new InvalidDataException($"'{source}' is not a model card: its \"format\" is not \"{ModelCard.FormatName}\".");
            }

            var version = reader.Integer(root, "version");
            if (version > ModelCard.FormatVersion)
            {
                throw new InvalidDataException($"'{source}' is a model card of version {version}; this library reads version {ModelCard.FormatVersion} and older. Update the library.");
            }

            var transform = ReadTransform(reader, reader.Object(root, "eval_transform"), "eval_transform");
            if (root.TryGetProperty("input_channels", out var channels) && (!channels.TryGetInt32Number(out var count) || count != transform.Channels))
            {
                throw reader.Invalid("input_channels", $"the number of channels of eval_transform's mean and std ({transform.Channels})");
            }

            var architecture = reader.Object(root, "architecture");
            var classes = reader.Strings(root, "classes");
            if (classes.Length == 0)
            {
                throw reader.Invalid("classes", "a non-empty array of class names");
            }

            try
            {
                return new ModelCard
                {
                    Architecture = new ModelArchitecture(reader.String(architecture, "architecture.name"), SettingsOf(architecture)),
                    Classes = classes,
                    Transform = transform,
                    Weights = Reader.OptionalString(root, "weights"),
                    Provenance = root.TryGetProperty("provenance", out var provenance) && provenance.ValueKind == JsonValueKind.Object ? ReadProvenance(reader, provenance) : null,
                };
            }
            catch (ArgumentException e)
            {
                throw new InvalidDataException($"'{source}' is not a usable model card: {e.Message}", e);
            }
        }
    }

    /// <summary>The architecture object without its "name": the settings.</summary>
    private static JsonElement SettingsOf(JsonElement architecture)
    {
        var settings = JsonNode.Parse(architecture.GetRawText())!.AsObject();
        settings.Remove("name");
        return JsonSerializer.SerializeToElement(settings);
    }

    private static void WriteTransform(Utf8JsonWriter w, string name, ImageClassificationTransform transform)
    {
        w.WriteStartObject(name);
        if (transform.ResizeSize is { } resize)
        {
            w.WriteNumber("resize", resize);
        }
        else
        {
            w.WriteNull("resize");
        }

        WriteNumbers(w, "crop", [transform.CropHeight, transform.CropWidth]);
        WriteNumbers(w, "mean", transform.Mean);
        WriteNumbers(w, "std", transform.Std);
        w.WriteString("interpolation", ImageClassificationTransform.InterpolationName(transform.Interpolation));
        w.WriteEndObject();
    }

    private static ImageClassificationTransform ReadTransform(Reader reader, JsonElement element, string name)
    {
        var crop = reader.Integers(element, $"{name}.crop", "crop");
        if (crop.Length != 2)
        {
            throw reader.Invalid($"{name}.crop", "[height, width]");
        }

        int? resize = element.TryGetProperty("resize", out var r) && r.ValueKind != JsonValueKind.Null ? reader.Integer(element, "resize", $"{name}.resize") : null;
        var interpolationName = Reader.OptionalString(element, "interpolation") ?? "bilinear";
        var interpolation = ImageClassificationTransform.ParseInterpolation(interpolationName)
            ?? throw reader.Invalid($"{name}.interpolation", "\"nearest\", \"nearest-exact\", \"bilinear\" or \"bicubic\"");
        try
        {
            return new ImageClassificationTransform(crop[0], crop[1], resize, reader.Floats(element, "mean", $"{name}.mean"), reader.Floats(element, "std", $"{name}.std"), interpolation);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"'{reader.Source}' holds an invalid {name}: {e.Message}", e);
        }
    }

    private static void WriteProvenance(Utf8JsonWriter w, ModelProvenance provenance)
    {
        w.WriteStartObject("provenance");
        if (provenance.Data is { } data)
        {
            w.WriteStartObject("data");
            w.WriteString("kind", data.Kind);
            WriteOptional(w, "path", data.Path);
            WriteOptional(w, "train_images", data.TrainImages);
            WriteOptional(w, "test_images", data.TestImages);
            WriteOptional(w, "test_split", data.TestSplit);
            if (data.ValidationFraction is { } fraction)
            {
                w.WriteNumber("validation_fraction", fraction);
            }

            WriteOptional(w, "split_seed", data.SplitSeed);
            w.WriteEndObject();
        }

        WriteOptional(w, "recipe", provenance.Recipe);
        if (provenance.RecipeSettings is { } settings)
        {
            w.WritePropertyName("recipe_settings");
            settings.WriteTo(w);
        }

        w.WriteStartObject("metrics");
        foreach (var (key, value) in provenance.Metrics)
        {
            // JSON has no infinity or NaN (a diverged loss): such a metric is written as null, and read back as absent.
            if (double.IsFinite(value))
            {
                w.WriteNumber(key, value);
            }
            else
            {
                w.WriteNull(key);
            }
        }

        w.WriteEndObject();
        if (provenance.Created is { } created)
        {
            w.WriteString("created", created.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture));
        }

        WriteOptional(w, "tool", provenance.Tool);
        w.WriteEndObject();
    }

    private static ModelProvenance ReadProvenance(Reader reader, JsonElement element)
    {
        ModelDataSource? data = null;
        if (element.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object)
        {
            data = new ModelDataSource
            {
                Kind = reader.String(d, "kind", "provenance.data.kind"),
                Path = Reader.OptionalString(d, "path"),
                TrainImages = reader.OptionalInteger(d, "train_images", "provenance.data.train_images"),
                TestImages = reader.OptionalInteger(d, "test_images", "provenance.data.test_images"),
                TestSplit = Reader.OptionalString(d, "test_split"),
                ValidationFraction = d.TryGetProperty("validation_fraction", out var f) && f.ValueKind == JsonValueKind.Number ? f.GetDouble() : null,
                SplitSeed = reader.OptionalInteger(d, "split_seed", "provenance.data.split_seed"),
            };
        }

        var metrics = new Dictionary<string, double>();
        if (element.TryGetProperty("metrics", out var m) && m.ValueKind == JsonValueKind.Object)
        {
            foreach (var metric in m.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Number))
            {
                metrics[metric.Name] = metric.Value.GetDouble();
            }
        }

        DateTimeOffset? created = null;
        if (Reader.OptionalString(element, "created") is { } text)
        {
            created = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) ? parsed : throw reader.Invalid("provenance.created", "an ISO 8601 time");
        }

        return new ModelProvenance
        {
            Data = data,
            Recipe = Reader.OptionalString(element, "recipe"),
            RecipeSettings = element.TryGetProperty("recipe_settings", out var s) && s.ValueKind == JsonValueKind.Object ? s.Clone() : null,
            Metrics = metrics,
            Created = created,
            Tool = Reader.OptionalString(element, "tool"),
        };
    }

    /// <summary>A short list of numbers on one line ("crop": [64, 64]), which the indented writer would spread over several.</summary>
    private static void WriteNumbers<T>(Utf8JsonWriter w, string name, IEnumerable<T> values)
        where T : IFormattable
    {
        w.WritePropertyName(name);
        w.WriteRawValue("[" + string.Join(", ", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "]");
    }

    private static bool IsNumberList(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.Number);

    private static void WriteOptional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, int? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
    }

    /// <summary>A whole number that fits an int (a JSON number such as 1.5 or 1e10 is not).</summary>
    private static bool TryGetInt32Number(this JsonElement element, out int value)
    {
        value = 0;
        return element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out value);
    }

    /// <summary>Typed reads that name the source and the key in every error.</summary>
    private sealed class Reader(string source)
    {
        public string Source => source;

        public InvalidDataException Invalid(string key, string expected) => new($"'{source}' is not a usable model card: \"{key}\" must be {expected}.");

        public JsonElement Object(JsonElement parent, string key) =>
            parent.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.Object ? value : throw Invalid(key, "an object");

        public int Integer(JsonElement parent, string key, string? path = null) =>
            parent.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var i) ? i : throw Invalid(path ?? key, "a whole number");

        public int? OptionalInteger(JsonElement parent, string key, string path) =>
            !parent.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null ? null : Integer(parent, key, path);

        public string String(JsonElement parent, string key, string? path = null)
        {
            var name = key.Contains('.', StringComparison.Ordinal) ? key[(key.LastIndexOf('.') + 1)..] : key;
            return parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
                ? text
                : throw Invalid(path ?? key, "a non-empty string");
        }

        public static string? OptionalString(JsonElement parent, string key) =>
            parent.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        public string[] Strings(JsonElement parent, string key) =>
            parent.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String)
                ? value.EnumerateArray().Select(e => e.GetString()!).ToArray()
                : throw Invalid(key, "an array of strings");

        public int[] Integers(JsonElement parent, string path, string key) =>
            parent.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out _))
                ? value.EnumerateArray().Select(e => e.GetInt32()).ToArray()
                : throw Invalid(path, "an array of whole numbers");

        public float[] Floats(JsonElement parent, string key, string path) =>
            parent.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.Number)
                ? value.EnumerateArray().Select(e => e.GetSingle()).ToArray()
                : throw Invalid(path, "an array of numbers");
    }
}
