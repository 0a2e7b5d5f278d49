using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using TorchTraining;
using TorchTraining.Step;

namespace ShuffleNet.Torch.Compare.Training;

/// <summary>
/// One training recipe, read from the JSON file the driver writes; benchmarks/compare/pytorch_train_worker.py reads the
/// same file (with the same defaults, its RECIPE_DEFAULTS) and builds the same recipe from torchvision's train.py
/// parts. The trainer's part is the library's own <see cref="TrainingOptions"/>: the file's keys are the properties of
/// <see cref="OptimizerSettings"/>, <see cref="ScheduleSettings"/> and <see cref="TrainingOptions"/> in snake_case
/// (<c>optimizer</c> names the <see cref="OptimizerSettings.Kind"/>); the data's part is this record's. Change a recipe
/// with <see cref="With"/>, which reads the changed values as a file's.
/// </summary>
internal sealed record TrainingRecipe
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    /// <summary>Every key a recipe file may hold, with its value when the file leaves it out (pytorch_train_worker.py's RECIPE_DEFAULTS).</summary>
    private const string Defaults = """
        {
          "optimizer": "sgd", "learning_rate": 0.2, "momentum": 0.9, "nesterov": true, "weight_decay": 5e-5,
          "norm_weight_decay": 0.0, "bias_weight_decay": 0.0, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8,
          "label_smoothing": 0.1, "epochs": 10, "warmup_epochs": 2, "warmup_decay": 0.01, "per_iteration": false,
          "batch_size": 128, "image_size": 64, "crop_padding": 4, "augment": true, "mean": 0.2860, "std": 0.3530
        }
        """;

    /// <summary>The trainer's options: optimizer, schedule (cosine decay after a linear warm-up), loss and epochs; no EMA, no clipping, nothing written.</summary>
    [JsonIgnore]
    public TrainingOptions Options { get; private init; } = null!;

    public int BatchSize { get; init; }

    /// <summary>The side of the square network input (Fashion-MNIST's 28 pixels resized, Pillow's bilinear).</summary>
    public int ImageSize { get; init; }

    /// <summary>RandomCrop's padding with augmentation (pixels of the resized image).</summary>
    public int CropPadding { get; init; }

    /// <summary>Whether training batches are augmented (RandomCrop with padding, RandomHorizontalFlip); parity runs turn it off.</summary>
    public bool Augment { get; init; }

    public float Mean { get; init; }

    public float Std { get; init; }

    /// <summary>The file's values over the defaults, as the recipe is recorded with results.</summary>
    [JsonIgnore]
    private JsonObject Values { get; init; } = [];

    public static TrainingRecipe Read(string path)
    {
        var full = Path.GetFullPath(path);
        var text = File.Exists(full) ? File.ReadAllText(full) : throw new FileNotFoundException($"No recipe file at '{full}'.", full);
        var given = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip }) as JsonObject
            ?? throw new InvalidDataException($"Recipe file '{full}' holds no JSON object.");
        return FromJson(given, $"Recipe file '{full}'");
    }

    /// <summary>A recipe of the defaults with <paramref name="given"/> in their place.</summary>
    /// <param name="given">Recipe keys and values.</param>
    /// <param name="source">The recipe in messages, e.g. "Recipe file '...'".</param>
    /// <exception cref="InvalidDataException">An unknown key, or an optimizer that is neither 'sgd' nor 'adamw'.</exception>
    public static TrainingRecipe FromJson(JsonObject given, string source)
    {
        var values = JsonNode.Parse(Defaults)!.AsObject();
        foreach (var (key, value) in given)
        {
            values[key] = values.ContainsKey(key) ? value?.DeepClone() : throw new InvalidDataException($"{source}: unknown key '{key}'.");
        }

        var kind = values["optimizer"]!.GetValue<string>() switch
        {
            "sgd" => OptimizerKind.Sgd,
            "adamw" => OptimizerKind.AdamW,
            var other => throw new InvalidDataException($"{source}: optimizer must be 'sgd' or 'adamw', got '{other}'."),
        };
        var trainer = new JsonObject(values.Where(p => p.Key != "optimizer").Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
        var options = trainer.Deserialize<TrainingOptions>(Json)! with
        {
            Optimizer = trainer.Deserialize<OptimizerSettings>(Json)! with { Kind = kind },
            Schedule = trainer.Deserialize<ScheduleSettings>(Json)!,
            TuneGlibcAllocator = true,
        };
        return values.Deserialize<TrainingRecipe>(Json)! with { Options = options, Values = values };
    }

    /// <summary>This recipe with <paramref name="changes"/> in place of its values.</summary>
    /// <param name="changes">Recipe keys and values.</param>
    public TrainingRecipe With(JsonObject changes)
    {
        var values = (JsonObject)Values.DeepClone();
        foreach (var (key, value) in changes)
        {
            values[key] = value?.DeepClone();
        }

        return FromJson(values, "The changed recipe");
    }

    public string ToJson() => Values.ToJsonString();

    /// <summary>The trainer's options for this recipe.</summary>
    /// <param name="tuneAllocator">The trainer's <see cref="TrainingOptions.TuneGlibcAllocator"/> (on here, as in every comparison run; the library's default is off).</param>
    public TrainingOptions ToOptions(bool tuneAllocator = true) => Options with { TuneGlibcAllocator = tuneAllocator };
}
