using System;
using System.IO;
using ShuffleNet.Torch.Cards;
using ShuffleNet.Torch.Onnx;
using ShuffleNet.Torch.Pretrained;
using ShuffleNet.Torch.Weights;
using TorchCheckpoints;
using TorchTraining.Checkpoints;

namespace ShuffleNet.Torch.Classifier;

/// <summary>Turns a path into a network (or an ONNX session) and the card that describes it, checking that they agree.</summary>
internal static class ClassifierLoading
{
    /// <summary>The channels of a ShuffleNetV2's input (conv1's in_channels).</summary>
    public const int InputChannels = 3;

    /// <summary>
    /// A finished run's weights (named by its card, <c>model.json</c>) with that card; else, for a run that has not
    /// finished, its last checkpoint (which holds the card).
    /// </summary>
    public static (string Weights, (ModelCard Card, string Origin)? Card) RunFolder(string folder)
    {
        var cardPath = Path.Combine(folder, ModelCard.FileName);
        var last = Path.Combine(folder, TrainingCheckpoint.LastFileName);
        if (File.Exists(cardPath))
        {
            var card = ModelCard.Read(cardPath);
            var weights = card.Weights is { } name && File.Exists(Path.Combine(folder, name)) ? Path.Combine(folder, name)
                : File.Exists(last) ? last
                : throw new FileNotFoundException($"The run folder '{folder}' holds neither {card.Weights ?? "final weights"} nor {TrainingCheckpoint.LastFileName}.", Path.Combine(folder, card.Weights ?? TrainingCheckpoint.LastFileName));
            return (weights, (card, cardPath));
        }

        return File.Exists(last)
            ? (last, null)
            : throw new FileNotFoundException($"'{folder}' holds neither {ModelCard.FileName} nor {TrainingCheckpoint.LastFileName}: give a training run's folder, or a weights, checkpoint or ONNX file.", cardPath);
    }

    public static bool IsOnnxFile(string path) => string.Equals(Path.GetExtension(path), ".onnx", StringComparison.OrdinalIgnoreCase);

    public static bool IsTrainingCheckpoint(string path)
    {
        try
        {
            TrainingCheckpoint.ReadInfo(path);
            return true;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    /// <summary>A training checkpoint's network, described by the card inside it (or, for older checkpoints, the given one).</summary>
    public static (ShuffleNetV2 Model, ModelCard Card, string CardOrigin) FromTrainingCheckpoint(string path, (ModelCard Card, string Origin)? outside)
    {
        var info = TrainingCheckpoint.ReadInfo(path);
        var (card, origin) = info.Card is { } inside
            ? (inside, "the checkpoint")
            : outside ?? throw new InvalidDataException($"'{path}' is a training checkpoint without a model card, and no {ModelCard.FileName} beside it says which network it holds.");
        var model = card.CreateModel();
        try
        {
            TrainingCheckpoint.LoadWeights(path, model);
            return (model, card, origin);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A weights file's network (architecture and class count from the file) and the card beside it or the registry
    /// entry it is; the entry without a card when the file is named like (or hashes as) an entry but holds another network.
    /// </summary>
    public static (ShuffleNetV2 Model, ModelCard? Card, string? CardOrigin, ShuffleNetV2Weights? Entry) WeightsFile(string path, (ModelCard Card, string Origin)? known, ClassifierLoadOptions options)
    {
        var model = ShuffleNetV2.FromWeights(path, numClasses: null, new WeightsLoadOptions { VerifyHashFromFileName = options.VerifyHashFromFileName });
        try
        {
            if (known is { } given)
            {
                return (model, given.Card, given.Origin, null);
            }

            if (ModelCard.FindBeside(path) is { } beside)
            {
                return (model, beside.Card, beside.Path, null);
            }

            // An entry whose network this is not stays without its card: the caller says the file is only named like it.
            var entry = ShuffleNetV2Weights.Identify(path);
            return entry is not null && model.Architecture.Width == entry.Width && model.NumClasses == entry.Categories.Count
                ? (model, entry.Card, entry.Name, entry)
                : (model, null, null, entry);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Refuses a network that is not the one its card (or the caller) describes.</summary>
    public static void CheckAgreement(ShuffleNetV2 model, ModelCard? card, string? cardOrigin, ClassifierLoadOptions options, string path)
    {
        WidthCheck.Require(model.Architecture, options.Width, path);

        if (options.NumClasses is { } classes && model.NumClasses != classes)
        {
            throw new ModelMismatchException(ModelSetting.Classes, path, classes.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{model.NumClasses} classes");
        }

        if (card is null)
        {
            return;
        }

        if (!card.Architecture.ToShuffleNetV2().Equals(model.Architecture) || card.ClassCount != model.NumClasses)
        {
            throw new InvalidDataException(
                $"The model card ({cardOrigin}) describes {card.Architecture.ToShuffleNetV2()} with {card.ClassCount} classes, but '{path}' holds {model.Architecture} with {model.NumClasses} classes.");
        }

        // The transform must give what conv1 takes; a 1-channel card would fail at the first forward, far from its cause.
        if (options.Transform is null && card.InputChannels != InputChannels)
        {
            throw new InvalidDataException(
                $"The model card ({cardOrigin}) prepares images with {card.InputChannels} channel(s), but the ShuffleNetV2 in '{path}' takes {InputChannels}: give its transform 3 means and stds (a grey value replicated).");
        }
    }

    public static OnnxImageClassifier OpenOnnx(string path, int threads) => OnnxImageClassifier.Load(path, threads);
}
