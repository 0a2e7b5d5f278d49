using System;
using System.Collections.Generic;
using System.IO;
using ShuffleNet.Torch.Cards;
using ShuffleNet.Torch.Onnx;
using ShuffleNet.Torch.Weights;
using TorchCheckpoints;
using TorchTraining.Runs;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Classifier;

/// <summary>
/// ShuffleNetV2 in TorchTraining's training runs: a network of a width (or any architecture) trained from scratch, or
/// fine-tuned from a weights file (the classifier <c>fc</c> replaced for the data's classes). A finished run's folder
/// holds <see cref="WeightsFile"/> (PyTorch's zip format with torchvision's keys, loadable by
/// <c>torchvision.models.shufflenet_v2_x1_0(num_classes=N)</c>) and <see cref="OnnxFile"/> (the model card in its
/// metadata) beside <c>model.json</c>, and <see cref="ShuffleNetV2Classifier.Load"/> reloads it with its card.
/// </summary>
/// <example>
/// <code>
/// var run = ShuffleNetV2Training.FromScratch(new TrainingRunOptions { DataPath = "flowers", OutputFolder = "runs/flowers" }, ShuffleNetV2Width.X0_5);
/// var result = run.Run();
/// using var classifier = ShuffleNetV2Classifier.Load(result.OutputFolder);
/// </code>
/// </example>
public sealed class ShuffleNetV2Training : ITrainableClassifierFactory
{
    /// <summary>The final weights in a run folder: <c>model.pth</c>.</summary>
    public const string WeightsFile = "model.pth";

    /// <summary>The ONNX export in a run folder: <c>model.onnx</c>.</summary>
    public const string OnnxFile = "model.onnx";

    /// <summary>The classifier's parameters (<c>fc.weight</c>, <c>fc.bias</c>): everything else is the backbone when fine-tuning.</summary>
    private const string ClassifierParameterPrefix = "fc.";

    /// <summary>Trains a network of <paramref name="network"/>'s architecture from a fresh initialisation.</summary>
    /// <param name="network">Stage repeats and channels: a width's (<see cref="ShuffleNetV2Architecture.For"/>) or a custom one.</param>
    public ShuffleNetV2Training(ShuffleNetV2Architecture network)
        : this(network, null)
    {
    }

    private ShuffleNetV2Training(ShuffleNetV2Architecture network, string? pretrainedWeights)
    {
        ArgumentNullException.ThrowIfNull(network);
        Network = network;
        PretrainedWeights = pretrainedWeights;
    }

    /// <summary>The network's stage repeats and channels.</summary>
    public ShuffleNetV2Architecture Network { get; }

    /// <summary>The weights file fine-tuning starts from (full path), or null from scratch.</summary>
    public string? PretrainedWeights { get; }

    /// <inheritdoc />
    public ModelArchitecture Architecture => Network.ToCard();

    /// <inheritdoc />
    public bool IsPretrained => PretrainedWeights is not null;

    /// <inheritdoc />
    public string ClassifierPrefix => ClassifierParameterPrefix;

    /// <inheritdoc />
    public string? WeightsFileName => WeightsFile;

    /// <summary>Training of a preset width from scratch.</summary>
    /// <param name="width">0.5×, 1.0× (default), 1.5× or 2.0×.</param>
    /// <returns>The factory.</returns>
    public static ShuffleNetV2Training ForWidth(ShuffleNetV2Width width = ShuffleNetV2Width.X1_0) => new(ShuffleNetV2Architecture.For(width));

    /// <summary>
    /// Fine-tuning from a weights file (torchvision's published files, a run's <c>model.pth</c>, any file
    /// <see cref="ShuffleNetV2.FromWeights"/> reads): the architecture is the file's, read and checked now; the
    /// classifier is created anew for the data's classes.
    /// </summary>
    /// <param name="weightsPath">The weights file.</param>
    /// <param name="width">The width the file must hold; null accepts the file's.</param>
    /// <returns>The factory.</returns>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="CheckpointFileException">The file is not a readable ShuffleNetV2 checkpoint.</exception>
    /// <exception cref="ModelMismatchException">The file holds another width than <paramref name="width"/>.</exception>
    public static ShuffleNetV2Training FromWeights(string weightsPath, ShuffleNetV2Width? width = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(weightsPath);
        var full = Path.GetFullPath(weightsPath);
        if (!File.Exists(full))
        {
            throw new FileNotFoundException($"No weights file at '{full}' to fine-tune from.", full);
        }

        ShuffleNetV2Architecture network;
        using (var probe = LoadForFineTuning(full, classes: 1))
        {
            network = probe.Architecture;
        }

        WidthCheck.Require(network, width, full);
        return new ShuffleNetV2Training(network, full);
    }

    /// <summary>Prepares a run that trains a preset width from scratch (see <see cref="TrainingRun.Prepare"/>).</summary>
    /// <param name="options">The data, the run folder and the overrides of the preset.</param>
    /// <param name="width">0.5×, 1.0× (default), 1.5× or 2.0×.</param>
    /// <returns>The prepared run; <see cref="TrainingRun.Run"/> trains.</returns>
    public static TrainingRun FromScratch(TrainingRunOptions options, ShuffleNetV2Width width = ShuffleNetV2Width.X1_0) => TrainingRun.Prepare(options, ForWidth(width));

    /// <summary>Prepares a run that fine-tunes the network of a weights file (see <see cref="FromWeights"/> and <see cref="TrainingRun.Prepare"/>).</summary>
    /// <param name="options">The data, the run folder and the overrides of the preset (a fine-tuning preset unless one is given).</param>
    /// <param name="weightsPath">The weights file.</param>
    /// <param name="width">The width the file must hold; null accepts the file's.</param>
    /// <returns>The prepared run; <see cref="TrainingRun.Run"/> trains.</returns>
    public static TrainingRun FineTune(TrainingRunOptions options, string weightsPath, ShuffleNetV2Width? width = null) =>
        TrainingRun.Prepare(options, FromWeights(weightsPath, width));

    /// <summary>
    /// Prepares a run of either kind: fine-tuning the network of <paramref name="weightsPath"/> when it is given (see
    /// <see cref="FineTune"/>), otherwise training <paramref name="width"/> from scratch (see <see cref="FromScratch"/>).
    /// </summary>
    /// <param name="options">The data, the run folder and the overrides of the preset.</param>
    /// <param name="width">The width to train; with <paramref name="weightsPath"/>, the width the file must hold; null for 1.0× or the file's.</param>
    /// <param name="weightsPath">The weights file to fine-tune from, or null to train from scratch.</param>
    /// <returns>The prepared run; <see cref="TrainingRun.Run"/> trains.</returns>
    public static TrainingRun Prepare(TrainingRunOptions options, ShuffleNetV2Width? width = null, string? weightsPath = null) =>
        weightsPath is null ? FromScratch(options, width ?? ShuffleNetV2Width.X1_0) : FineTune(options, weightsPath, width);

    /// <summary>A new network for <paramref name="classes"/> classes: fresh, or the weights file's features with a fresh classifier.</summary>
    /// <param name="classes">The number of classes.</param>
    /// <returns>The network (a <see cref="ShuffleNetV2"/>), in training mode.</returns>
    /// <exception cref="InvalidDataException">The weights file no longer holds the network it held when the factory was made.</exception>
    public nn.Module<Tensor, Tensor> CreateModule(int classes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        if (PretrainedWeights is not { } path)
        {
            return new ShuffleNetV2(Network, classes);
        }

        var model = LoadForFineTuning(path, classes);
        if (!model.Architecture.Equals(Network))
        {
            model.Dispose();
            throw new InvalidDataException($"'{path}' now holds {model.Architecture}, not the {Network} it held when the run was prepared.");
        }

        return model;
    }

    /// <summary>Writes <see cref="WeightsFile"/> (PyTorch's zip format, torchvision's keys) and <see cref="OnnxFile"/> (the card in its metadata), each atomically.</summary>
    /// <param name="model">The trained network (a <see cref="ShuffleNetV2"/> from <see cref="CreateModule"/>).</param>
    /// <param name="card">Its model card.</param>
    /// <param name="folder">The run folder.</param>
    /// <returns>The two file names.</returns>
    /// <exception cref="ArgumentException">The network is not a <see cref="ShuffleNetV2"/>.</exception>
    public IReadOnlyList<string> WriteArtifacts(nn.Module<Tensor, Tensor> model, ModelCard card, string folder)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var network = model as ShuffleNetV2 ?? throw new ArgumentException($"Expected the ShuffleNetV2 this factory created, got {model?.GetType().Name ?? "null"}.", nameof(model));
        network.SaveWeights(Path.Combine(folder, WeightsFile), CheckpointFormat.PyTorchZip, WeightsKeyStyle.Torchvision);
        network.ExportToOnnx(Path.Combine(folder, OnnxFile), new OnnxExportOptions { Card = card });
        return [WeightsFile, OnnxFile];
    }

    private static ShuffleNetV2 LoadForFineTuning(string path, long classes) =>
        ShuffleNetV2.FromWeights(path, classes, new WeightsLoadOptions { SkipClassifier = true });
}
