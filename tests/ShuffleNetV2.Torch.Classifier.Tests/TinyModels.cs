using System;
using System.IO;
using System.Linq;
using ShuffleNet.Torch.Cards;
using TorchCheckpoints;
using TorchCheckpoints.Hub;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Classifier.Tests;

/// <summary>Tiny ShuffleNetV2s (stages [1, 1, 1], channels [8, 16, 32, 64, 128]) with their cards, saved in a temporary folder.</summary>
internal sealed class TinyModels : IDisposable
{
    public static readonly ShuffleNetV2Architecture Architecture = ShuffleNetV2Architecture.Create([1, 1, 1], [8, 16, 32, 64, 128]);

    public static readonly string[] Classes = ["cat", "dog's toy", "été"];

    /// <summary>A non-square crop with its own statistics: ImageNet's 224 would give another input shape and other logits.</summary>
    public static readonly ImageClassificationTransform Transform = new(32, 40, 44, [0.5f, 0.4f, 0.3f], [0.2f, 0.25f, 0.3f]);

    /// <summary>Fashion-MNIST's 28×28 grey images replicated to three channels, without resize.</summary>
    public static readonly ImageClassificationTransform FashionTransform = new(28, 28, null, [0.286f, 0.286f, 0.286f], [0.353f, 0.353f, 0.353f]);

    public static readonly string FixtureFolder = Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static readonly string FashionSubset = Path.Combine(FixtureFolder, "fashion-mnist-subset");

    public static readonly string[] Images = ["rgb_400x300.png", "rgb_240x320.png", "gray_260x270.png", "rgb_45x31.png"];

    public string Folder { get; } = Directory.CreateTempSubdirectory("shufflenet-classifier-").FullName;

    public static ModelCard Card(int classes = 3, ImageClassificationTransform? transform = null, ShuffleNetV2Architecture? architecture = null) =>
        ShuffleNetV2Cards.Create(architecture ?? Architecture, classes == Classes.Length ? Classes : [.. Enumerable.Range(0, classes).Select(i => $"class {i}")],
            transform ?? Transform, new ModelProvenance { Recipe = "test", Tool = "ShuffleNetV2.Torch.Classifier.Tests" });

    /// <summary>A tiny network whose weights depend only on <paramref name="seed"/>, with BatchNorm statistics that are not the initial 0 and 1.</summary>
    public static ShuffleNetV2 Model(int classes = 3, long seed = 1)
    {
        random.manual_seed(seed);
        var model = new ShuffleNetV2(Architecture, classes);
        using (no_grad())
        {
            foreach (var (name, buffer) in model.named_buffers())
            {
                if (name.EndsWith("running_mean", StringComparison.Ordinal))
                {
                    buffer.copy_(randn(buffer.shape) * 0.1);
                }
                else if (name.EndsWith("running_var", StringComparison.Ordinal))
                {
                    buffer.copy_(rand(buffer.shape) + 0.5);
                }
            }
        }

        model.eval();
        return model;
    }

    public static string Image(string name) => Path.Combine(FixtureFolder, name);

    public string File(string name) => Path.Combine(Folder, name);

    /// <summary>Saves a tiny network as NAME with the card as NAME.json beside it.</summary>
    public string SaveWithSiblingCard(string name, ModelCard? card = null, int classes = 3, long seed = 1)
    {
        using var model = Model(classes, seed);
        var path = File(name);
        model.SaveWeights(path);
        (card ?? Card(classes)).Write(Path.ChangeExtension(path, ".json"));
        return path;
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
