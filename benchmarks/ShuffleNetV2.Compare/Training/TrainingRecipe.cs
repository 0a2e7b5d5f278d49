using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization;
using TorchTraining;
using TorchTraining.Step;

namespace ShuffleNet.Torch.Compare.Training;

/// <summary>
/// One training recipe, read from the JSON file the driver writes (snake_case keys); benchmarks/compare/
/// pytorch_train_worker.py reads the same file and builds the same recipe from torchvision's train.py parts.
/// </summary>
internal sealed record TrainingRecipe
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    /// <summary>"sgd" (with <see cref="Nesterov"/>) or "adamw".</summary>
    public string Optimizer { get; init; } = "sgd";

    public double LearningRate { get; init; } = 0.2;

    public double Momentum { get; init; } = 0.9;

    public bool Nesterov { get; init; } = true;

    public double WeightDecay { get; init; } = 5e-5;

    public double NormWeightDecay { get; init; }

    public double BiasWeightDecay { get; init; }

    public double Beta1 { get; init; } = 0.9;

    public double Beta2 { get; init; } = 0.999;

    public double Epsilon { get; init; } = 1e-8;

    public double LabelSmoothing { get; init; } = 0.1;

    public int Epochs { get; init; } = 10;

    public int WarmupEpochs { get; init; } = 2;

    public double WarmupDecay { get; init; } = 0.01;

    /// <summary>Whether the learning rate changes after every step (otherwise once per epoch, as train.py).</summary>
    public bool PerIteration { get; init; }

    public int BatchSize { get; init; } = 128;

    /// <summary>The side of the square network input (Fashion-MNIST's 28 pixels resized, Pillow's bilinear).</summary>
    public int ImageSize { get; init; } = 64;

    /// <summary>RandomCrop's padding with augmentation (pixels of the resized image).</summary>
    public int CropPadding { get; init; } = 4;

    /// <summary>Whether training batches are augmented (RandomCrop with padding, RandomHorizontalFlip); parity runs turn it off.</summary>
    public bool Augment { get; init; } = true;

    public float Mean { get; init; } = 0.2860f;

    public float Std { get; init; } = 0.3530f;

    public static TrainingRecipe Read(string path)
    {
        var full = Path.GetFullPath(path);
        var text = File.Exists(full) ? File.ReadAllText(full) : throw new FileNotFoundException($"No recipe file at '{full}'.", full);
        var recipe = JsonSerializer.Deserialize<TrainingRecipe>(text, Json) ?? throw new InvalidDataException($"Recipe file '{full}' holds no JSON object.");
        return recipe.Optimizer is "sgd" or "adamw" ? recipe : throw new InvalidDataException($"Recipe file '{full}': optimizer must be 'sgd' or 'adamw', got '{recipe.Optimizer}'.");
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The trainer's options for this recipe (no EMA, no clipping, nothing written).</summary>
    /// <param name="tuneAllocator">The trainer's <see cref="TrainingOptions.TuneGlibcAllocator"/> (on here, as in every comparison run; the library's default is off).</param>
    public TrainingOptions ToOptions(bool tuneAllocator = true) => new()
    {
        TuneGlibcAllocator = tuneAllocator,
        Epochs = Epochs,
        Optimizer = new OptimizerSettings
        {
            Kind = Optimizer == "adamw" ? OptimizerKind.AdamW : OptimizerKind.Sgd,
            LearningRate = LearningRate,
            Momentum = Momentum,
            Nesterov = Nesterov,
            WeightDecay = WeightDecay,
            NormWeightDecay = NormWeightDecay,
            BiasWeightDecay = BiasWeightDecay,
            Beta1 = Beta1,
            Beta2 = Beta2,
            Epsilon = Epsilon,
        },
        Schedule = new ScheduleSettings
        {
            Decay = LearningRateDecay.Cosine,
            WarmupEpochs = WarmupEpochs,
            WarmupMethod = WarmupMethod.Linear,
            WarmupDecay = WarmupDecay,
            PerIteration = PerIteration,
        },
        LabelSmoothing = LabelSmoothing,
    };
}
