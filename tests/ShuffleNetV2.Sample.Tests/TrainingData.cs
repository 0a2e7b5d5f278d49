using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using System.Linq;
using SkiaSharp;

namespace ShuffleNet.Torch.Sample.Tests;

/// <summary>
/// Data folders for the train and evaluate tests: IDX folders cut from the committed Fashion-MNIST subset (2,000 train
/// and 500 test images, 200 and 50 per class in class order... see its README), damaged IDX files, and image folders
/// of small PNGs.
/// </summary>
internal static class TrainingData
{
    public static string FashionSubset { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures", "fashion-mnist-subset");

    public static readonly string[] FashionClasses = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>
    /// A folder named "fashion-..." (so the sample names Fashion-MNIST's classes) holding the first
    /// <paramref name="perClassTrain"/> and <paramref name="perClassTest"/> images of each class of the subset.
    /// </summary>
    public static string SmallFashion(string parent, int perClassTrain, int perClassTest, int classes = 10)
    {
        var folder = Directory.CreateDirectory(Path.Combine(parent, $"fashion-{perClassTrain}-{perClassTest}-{classes}")).FullName;
        Cut("train", folder, perClassTrain, classes);
        Cut("t10k", folder, perClassTest, classes);
        if (classes != 10)
        {
            File.WriteAllLines(Path.Combine(folder, "classes.txt"), FashionClasses.Take(classes));
        }

        return folder;
    }

    /// <summary>An image folder of two classes with 4 PNGs each, made (again) once per test run in the test output folder.</summary>
    public static readonly Lazy<string> ImageFolderOfTwo = new(() =>
        ImageFolder(Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "generated")).FullName, ["circle", "square"], 4));

    public static (byte[] Images, byte[] Labels) Read(string folder, string prefix) =>
        (Gunzip(Path.Combine(folder, $"{prefix}-images-idx3-ubyte.gz")), Gunzip(Path.Combine(folder, $"{prefix}-labels-idx1-ubyte.gz")));

    public static void Write(string folder, string prefix, byte[] images, byte[] labels)
    {
        File.WriteAllBytes(Path.Combine(folder, $"{prefix}-images-idx3-ubyte"), images);
        File.WriteAllBytes(Path.Combine(folder, $"{prefix}-labels-idx1-ubyte"), labels);
    }

    /// <summary>An image folder: one subfolder per class with <paramref name="perClass"/> 40×40 PNGs of a class-specific pattern.</summary>
    public static string ImageFolder(string parent, string[] classes, int perClass)
    {
        var root = Directory.CreateDirectory(Path.Combine(parent, "images-" + string.Join("-", classes))).FullName;
        for (var c = 0; c < classes.Length; c++)
        {
            var folder = Directory.CreateDirectory(Path.Combine(root, classes[c])).FullName;
            for (var i = 0; i < perClass; i++)
            {
                using var bitmap = new SKBitmap(40, 40);
                for (var y = 0; y < 40; y++)
                {
                    for (var x = 0; x < 40; x++)
                    {
                        var on = c == 0 ? (x / 8 + i) % 2 == 0 : (y / 8 + i) % 2 == 0;
                        bitmap.SetPixel(x, y, on ? new SKColor(230, 200, (byte)(20 * i)) : new SKColor(20, 40, 60));
                    }
                }

                using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
                File.WriteAllBytes(Path.Combine(folder, $"{i:D2}.png"), data.ToArray());
            }
        }

        return root;
    }

    private static void Cut(string prefix, string folder, int perClass, int classes)
    {
        var (images, labels) = Read(FashionSubset, prefix);
        var count = BinaryPrimitives.ReadInt32BigEndian(labels.AsSpan(4));
        var chosen = Enumerable.Range(0, count).Where(i => labels[8 + i] < classes).GroupBy(i => labels[8 + i]).SelectMany(g => g.Take(perClass)).Order().ToArray();
        var pixels = 28 * 28;
        var newImages = new byte[16 + (chosen.Length * pixels)];
        images.AsSpan(0, 16).CopyTo(newImages);
        BinaryPrimitives.WriteInt32BigEndian(newImages.AsSpan(4), chosen.Length);
        var newLabels = new byte[8 + chosen.Length];
        labels.AsSpan(0, 8).CopyTo(newLabels);
        BinaryPrimitives.WriteInt32BigEndian(newLabels.AsSpan(4), chosen.Length);
        for (var k = 0; k < chosen.Length; k++)
        {
            images.AsSpan(16 + (chosen[k] * pixels), pixels).CopyTo(newImages.AsSpan(16 + (k * pixels)));
            newLabels[8 + k] = labels[8 + chosen[k]];
        }

        Write(folder, prefix, newImages, newLabels);
    }

    private static byte[] Gunzip(string path)
    {
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var output = new MemoryStream();
        gzip.CopyTo(output);
        return output.ToArray();
    }
}
