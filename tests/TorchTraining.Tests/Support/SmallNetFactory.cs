using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using TorchCheckpoints;
using TorchTraining.Runs;
using static TorchSharp.torch;

namespace TorchTraining.Tests.Support;

/// <summary>A network library in miniature for training runs: <see cref="SmallNet"/> on three channels, its width in the card, its weights as net.bin.</summary>
internal sealed class SmallNetFactory(int width = 8, bool pretrained = false) : ITrainableClassifierFactory
{
    public const string WeightsName = "net.bin";

    public ModelArchitecture Architecture => new("small_net", JsonSerializer.SerializeToElement(new Dictionary<string, int> { ["width"] = width }));

    public bool IsPretrained => pretrained;

    public string ClassifierPrefix => "fc.";

    public string? WeightsFileName => WeightsName;

    /// <summary>The card <see cref="WriteArtifacts"/> was given, or null before the end of a run.</summary>
    public ModelCard? WrittenCard { get; private set; }

    public nn.Module<Tensor, Tensor> CreateModule(int classes) => new SmallNet(classes, channels: 3, width: width);

    public IReadOnlyList<string> WriteArtifacts(nn.Module<Tensor, Tensor> model, ModelCard card, string folder)
    {
        WrittenCard = card;
        model.save(Path.Combine(folder, WeightsName));
        return [WeightsName];
    }
}
