using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using TorchImaging;

namespace TorchTraining.Datasets;

/// <summary>
/// Grey images and labels from IDX files in the MNIST / Fashion-MNIST layout, read whole into memory once
/// (Fashion-MNIST's 60,000 training images take 47 MB). Each image is 1-channel; <see cref="Get"/> returns a copy.
/// </summary>
/// <remarks>
/// A folder holds <c>train-images-idx3-ubyte</c>, <c>train-labels-idx1-ubyte</c>, <c>t10k-images-idx3-ubyte</c> and
/// <c>t10k-labels-idx1-ubyte</c>, each possibly gzipped (with or without a <c>.gz</c> name: gzip is recognised by its
/// magic bytes; when both names exist the one without <c>.gz</c> is read). Class names, in order of precedence: the
/// <c>classes</c> argument; a <c>classes.txt</c> in the folder (one name per line); Fashion-MNIST's ten names
/// (<see cref="FashionMnistClasses"/>) when the folder's name contains "fashion" (any case); otherwise "0" to "9".
/// Every error is one line naming the file: a missing folder or file, a wrong magic number, a truncated file, image and
/// label counts that differ, a label outside the classes. Thread-safe.
/// </remarks>
public sealed class IdxDataset : IImageDataset
{
    private static readonly string[] FashionMnistNames =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    private static readonly string[] DigitNames = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    private readonly IdxContent _images;
    private readonly IdxContent _labels;
    private readonly string[] _classes;

    private IdxDataset(string imagesFile, string labelsFile, IdxContent images, IdxContent labels, string[] classes)
    {
        ImagesFile = imagesFile;
        LabelsFile = labelsFile;
        _images = images;
        _labels = labels;
        _classes = classes;
    }

    /// <summary>Fashion-MNIST's class names, as torchvision's <c>FashionMNIST.classes</c>.</summary>
    public static IReadOnlyList<string> FashionMnistClasses { get; } = Array.AsReadOnly(FashionMnistNames);

    /// <summary>MNIST's class names: "0" to "9".</summary>
    public static IReadOnlyList<string> DigitClasses { get; } = Array.AsReadOnly(DigitNames);

    /// <summary>The full path of the images file.</summary>
    public string ImagesFile { get; }

    /// <summary>The full path of the labels file.</summary>
    public string LabelsFile { get; }

    /// <inheritdoc />
    public int Count => _images.Count;

    /// <summary>The width of every image.</summary>
    public int Width => _images.Columns;

    /// <summary>The height of every image.</summary>
    public int Height => _images.Rows;

    /// <inheritdoc />
    public IReadOnlyList<string> Classes => _classes;

    /// <summary>Reads the training or test pair of an MNIST-layout folder.</summary>
    /// <param name="folder">The folder holding the four files.</param>
    /// <param name="split">Which pair.</param>
    /// <param name="classes">The class names; null takes them from the folder (see the remarks of <see cref="IdxDataset"/>).</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">A file of the pair is missing.</exception>
    /// <exception cref="InvalidDataException">A file is not a valid IDX file, the counts differ, or a label is out of range.</exception>
    public static IdxDataset Open(string folder, IdxSplit split, IReadOnlyList<string>? classes = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var fullFolder = Path.GetFullPath(folder);
        if (!Directory.Exists(fullFolder))
        {
            throw new DirectoryNotFoundException($"IDX folder '{fullFolder}' does not exist.");
        }

        var prefix = split switch
        {
            IdxSplit.Train => "train",
            IdxSplit.Test => "t10k",
            _ => throw new ArgumentOutOfRangeException(nameof(split), split, "The split is Train or Test."),
        };
        return Load(
            FindFile(fullFolder, $"{prefix}-images-idx3-ubyte"),
            FindFile(fullFolder, $"{prefix}-labels-idx1-ubyte"),
            classes ?? FolderClasses(fullFolder));
    }

    /// <summary>Reads a pair of IDX files with any names (EMNIST, KMNIST, your own).</summary>
    /// <param name="imagesFile">The images (magic 0x00000803), gzipped or not.</param>
    /// <param name="labelsFile">The labels (magic 0x00000801), gzipped or not.</param>
    /// <param name="classes">The class names; null means "0" to "9".</param>
    /// <exception cref="FileNotFoundException">A file is missing.</exception>
    /// <exception cref="InvalidDataException">A file is not a valid IDX file, the counts differ, or a label is out of range.</exception>
    public static IdxDataset Load(string imagesFile, string labelsFile, IReadOnlyList<string>? classes = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(imagesFile);
        ArgumentException.ThrowIfNullOrWhiteSpace(labelsFile);
        var imagesPath = ExistingFile(imagesFile);
        var labelsPath = ExistingFile(labelsFile);
        var names = CheckClasses(classes ?? DigitClasses);
        var images = IdxFile.ReadImages(imagesPath);
        var labels = IdxFile.ReadLabels(labelsPath);
        if (images.Count != labels.Count)
        {
            throw new InvalidDataException($"IDX files disagree: '{imagesPath}' holds {images.Count} images, '{labelsPath}' {labels.Count} labels.");
        }

        var labelBytes = labels.Data.AsSpan(labels.Offset, labels.Count);
        var outside = names.Length > byte.MaxValue ? -1 : labelBytes.IndexOfAnyInRange((byte)names.Length, byte.MaxValue);
        if (outside >= 0)
        {
            throw new InvalidDataException($"IDX label file '{labelsPath}': label {labelBytes[outside]} of sample {outside} is outside the {names.Length} classes (0 to {names.Length - 1}).");
        }

        return new IdxDataset(imagesPath, labelsPath, images, labels, names);
    }

    /// <inheritdoc />
    public LabeledImage Get(int index) => new(GetImage(index), GetLabel(index));

    /// <summary>The label of one sample, without copying its image.</summary>
    /// <param name="index">0 to <see cref="Count"/> - 1.</param>
    public int GetLabel(int index)
    {
        CheckIndex(index);
        return _labels.Data[_labels.Offset + index];
    }

    private ByteImage GetImage(int index)
    {
        CheckIndex(index);
        var size = _images.Rows * _images.Columns;
        var pixels = _images.Data.AsSpan(_images.Offset + (index * size), size).ToArray();
        return new ByteImage(_images.Columns, _images.Rows, 1, pixels);
    }

    private void CheckIndex(int index)
    {
        if ((uint)index >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The dataset '{ImagesFile}' has {Count} samples.");
        }
    }

    private static string FindFile(string folder, string name)
    {
        var plain = Path.Combine(folder, name);
        if (File.Exists(plain))
        {
            return plain;
        }

        var gzipped = plain + ".gz";
        return File.Exists(gzipped)
            ? gzipped
            : throw new FileNotFoundException($"IDX folder '{folder}' has no '{name}' or '{name}.gz'.", plain);
    }

    private static string ExistingFile(string path)
    {
        var full = Path.GetFullPath(path);
        return File.Exists(full) ? full : throw new FileNotFoundException($"IDX file '{full}' does not exist.", full);
    }

    private static IReadOnlyList<string> FolderClasses(string folder)
    {
        var file = Path.Combine(folder, "classes.txt");
        if (File.Exists(file))
        {
            var names = File.ReadAllLines(file).Select(line => line.Trim()).Where(line => line.Length > 0).ToArray();
            return names.Length > 0 ? names : throw new InvalidDataException($"Class names file '{file}' is empty.");
        }

        return Path.GetFileName(folder).Contains("fashion", StringComparison.OrdinalIgnoreCase) ? FashionMnistClasses : DigitClasses;
    }

    private static string[] CheckClasses(IReadOnlyList<string> classes)
    {
        if (classes.Count is 0 or > 256)
        {
            throw new ArgumentException($"IDX labels are bytes: between 1 and 256 classes, got {classes.Count}.", nameof(classes));
        }

        return classes.ToArray();
    }
}
