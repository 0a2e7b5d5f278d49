using System.IO;
using TorchTraining.Runs;
using TorchTraining.Tests.Support;

namespace TorchTraining.Tests.Runs;

/// <summary>Small runs for the tests: the committed Fashion-MNIST subset (2,000 training, 500 test images) at 16×16, one epoch.</summary>
internal static class RunData
{
    public static TrainingRunOptions Options(string outputFolder, int epochs = 1) => new()
    {
        DataPath = Fixtures.FashionSubset,
        OutputFolder = outputFolder,
        Epochs = epochs,
        Size = 16,
        Workers = 1,
    };

    /// <summary>An image folder with train/ and val/, two classes of four copies of a PNG each; <paramref name="broken"/> adds a truncated PNG to train/a.</summary>
    public static string ImageFolder(string root, bool broken = false)
    {
        var png = File.ReadAllBytes(Path.Combine(Fixtures.Folder, "rgb_45x31.png"));
        foreach (var split in new[] { "train", "val" })
        {
            foreach (var name in new[] { "a", "b" })
            {
                var folder = Directory.CreateDirectory(Path.Combine(root, split, name)).FullName;
                for (var i = 0; i < 4; i++)
                {
                    File.WriteAllBytes(Path.Combine(folder, $"{i}.png"), png);
                }
            }
        }

        if (broken)
        {
            File.WriteAllBytes(Path.Combine(root, "train", "a", "broken.png"), png[..(png.Length / 2)]);
        }

        return root;
    }
}
