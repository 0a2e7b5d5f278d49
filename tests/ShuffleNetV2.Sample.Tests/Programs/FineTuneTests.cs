using System;
using System.IO;
using System.Linq;
using FluentAssertions;
using SkiaSharp;
using Xunit;

namespace ShuffleNet.Torch.Sample.Tests.Programs;

/// <summary>
/// samples/FineTune on an image folder cut from the committed Fashion-MNIST subset (train/ and val/, four classes),
/// from the tiny 10-class checkpoint: the run trains, and the reloaded run folder scores as the run did.
/// </summary>
public sealed class FineTuneTests : IDisposable
{
    /// <summary>Fashion-MNIST labels and the class folders they become.</summary>
    private static readonly (int Label, string Name)[] Classes = [(1, "trouser"), (3, "dress"), (7, "sneaker"), (8, "bag")];

    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Run_ImageFolderFromTheTinyCheckpoint_TrainsAndTheReloadedModelScoresAsTheRun()
    {
        var data = ImageFolder(_directory.File("fashion-images"), train: 10, val: 4);
        var output = _directory.File("run");

        var run = ProgramRun.Of("FineTune", data, output, Fixtures.TinyWeights, "2", "28");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Lines[0].Should().Be("4 classes (bag, dress, sneaker, trouser), 40 training images, preset image-folder-fine-tuning");
        var trained = run.Lines.Single(l => l.StartsWith("test top-1 after training: ", StringComparison.Ordinal));
        var reloaded = run.Lines.Single(l => l.StartsWith("test top-1 of the reloaded model: ", StringComparison.Ordinal));
        reloaded.Split(": ")[1].Should().Be(trained.Split(": ")[1], "the run folder holds the trained network");
        run.Lines.Last().Should().StartWith("classes: bag, dress, sneaker, trouser; transform: Resize(32), CenterCrop(28×28), Normalize(mean=[0.485, 0.456, 0.406]");
        run.Stderr.Should().Contain("epoch 2 done: ");
        File.Exists(Path.Combine(output, "model.json")).Should().BeTrue();
    }

    /// <summary>train/ and val/ with one folder of 28×28 PNGs per class, the subset's images in file order.</summary>
    private static string ImageFolder(string root, int train, int val)
    {
        var (images, labels) = TrainingData.Read(TrainingData.FashionSubset, "train");
        foreach (var (label, name) in Classes)
        {
            var indexes = Enumerable.Range(0, labels.Length - 8).Where(i => labels[8 + i] == label).Take(train + val).ToList();
            for (var k = 0; k < indexes.Count; k++)
            {
                var folder = Directory.CreateDirectory(Path.Combine(root, k < train ? "train" : "val", name)).FullName;
                using var bitmap = new SKBitmap(28, 28);
                for (var p = 0; p < 28 * 28; p++)
                {
                    var grey = images[16 + (indexes[k] * 28 * 28) + p];
                    bitmap.SetPixel(p % 28, p / 28, new SKColor(grey, grey, grey));
                }

                using var png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
                File.WriteAllBytes(Path.Combine(folder, $"{k:D2}.png"), png.ToArray());
            }
        }

        return root;
    }
}
