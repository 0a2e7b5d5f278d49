using System.Collections.Generic;
using TorchCheckpoints;
using static TorchSharp.torch;

namespace TorchTraining.Runs;

/// <summary>
/// What a <see cref="TrainingRun"/> needs from the library that owns a network: which network it is (for the model
/// card), whether it starts from pretrained features, how to build it for a number of classes, and how to save the
/// trained network in that library's own files.
/// </summary>
public interface ITrainableClassifierFactory
{
    /// <summary>The network as the model card records it (family name and the settings that build it).</summary>
    ModelArchitecture Architecture { get; }

    /// <summary>Whether <see cref="CreateModule"/> starts from pretrained features (fine-tuning) rather than a fresh initialisation.</summary>
    bool IsPretrained { get; }

    /// <summary>
    /// The start of the names of the classifier's parameters (for example <c>fc.</c>): with pretrained features, the
    /// parameters outside it form the backbone, which can be frozen or learn more slowly.
    /// </summary>
    string ClassifierPrefix { get; }

    /// <summary>
    /// The weights file <see cref="WriteArtifacts"/> writes, relative to the run folder (for example <c>model.pth</c>):
    /// the model card's <c>weights</c>, by which loaders find the final weights; null when it writes none.
    /// </summary>
    string? WeightsFileName { get; }

    /// <summary>
    /// A new network with <paramref name="classes"/> outputs, on the CPU in training mode, returning logits
    /// [batch, classes] for images [batch, channels, height, width]. The run seeds torch's generator just before, so
    /// that a fresh initialisation depends only on the run's seed. The run owns and disposes the network.
    /// </summary>
    /// <param name="classes">The number of classes, at least 1.</param>
    /// <returns>The network.</returns>
    nn.Module<Tensor, Tensor> CreateModule(int classes);

    /// <summary>
    /// Writes the final files of a finished run into <paramref name="folder"/> (for example the weights and an ONNX
    /// file), each replaced atomically. Called once, after training, before the run writes the card itself.
    /// </summary>
    /// <param name="model">The trained network (the one <see cref="CreateModule"/> returned), in eval mode.</param>
    /// <param name="card">Its model card: architecture, classes, evaluation transform, <see cref="WeightsFileName"/> and provenance.</param>
    /// <param name="folder">The run folder (it exists).</param>
    /// <returns>The names of the files written, relative to <paramref name="folder"/>.</returns>
    IReadOnlyList<string> WriteArtifacts(nn.Module<Tensor, Tensor> model, ModelCard card, string folder);
}
