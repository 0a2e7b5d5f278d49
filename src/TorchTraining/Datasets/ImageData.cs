using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using TorchCheckpoints;

namespace TorchTraining.Datasets;

/// <summary>
/// A folder of labelled images opened as a training and a test split, whichever of the two layouts it holds: IDX files
/// (<c>train-*</c> and <c>t10k-*</c>) or an image folder (<c>train/</c> and <c>val/</c>, or one folder split per class
/// by a seeded fraction). Every problem with the files is one line naming the folder or the file.
/// </summary>
public sealed class ImageData
{
    /// <summary>The test fraction of an image folder without train/ and val/, unless told otherwise: 0.2.</summary>
    public const double DefaultValidationFraction = 0.2;

    private static readonly string[] IdxImageFiles = ["train-images-idx3-ubyte", "train-images-idx3-ubyte.gz", "t10k-images-idx3-ubyte", "t10k-images-idx3-ubyte.gz"];

    private ImageData(ImageDataKind kind, string path, IImageDataset? train, IImageDataset test, string testSplit, IReadOnlyList<string> skipped, double? fraction, int? seed)
    {
        Kind = kind;
        Path = path;
        Train = train;
        Test = test;
        TestSplit = testSplit;
        SkippedFiles = skipped;
        ValidationFraction = fraction;
        SplitSeed = seed;
    }

    /// <summary>The layout.</summary>
    public ImageDataKind Kind { get; }

    /// <summary>The layout's name as a model card records it: <c>idx</c> or <c>image-folder</c>.</summary>
    public string KindName => Kind == ImageDataKind.Idx ? "idx" : "image-folder";

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>The training images; null when only the test split was opened.</summary>
    public IImageDataset? Train { get; }

    /// <summary>The test images.</summary>
    public IImageDataset Test { get; }

    /// <summary>Where the test images come from: <c>t10k</c>, <c>val/</c> or <c>validation split</c>.</summary>
    public string TestSplit { get; }

    /// <summary>The class names in label order.</summary>
    public IReadOnlyList<string> Classes => Test.Classes;

    /// <summary>Image files left out because they cannot be decoded (with <see cref="ImageDataOptions.SkipUnreadableFiles"/>).</summary>
    public IReadOnlyList<string> SkippedFiles { get; }

    /// <summary>For an image folder split by fraction: the test fraction; otherwise null.</summary>
    public double? ValidationFraction { get; }

    /// <summary>For an image folder split by fraction: the split's seed; otherwise null.</summary>
    public int? SplitSeed { get; }

    /// <summary>Which layout a folder holds.</summary>
    /// <param name="path">The folder.</param>
    /// <returns>The layout.</returns>
    /// <exception cref="DirectoryNotFoundException">There is no such folder (or it is a file).</exception>
    /// <exception cref="DataLayoutException">The folder holds neither layout.</exception>
    public static ImageDataKind Detect(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = System.IO.Path.GetFullPath(path);
        if (!Directory.Exists(full))
        {
            throw new DirectoryNotFoundException(File.Exists(full) ? $"'{full}' is a file; give the folder that holds the data." : $"No data folder at '{full}'.");
        }

        if (IdxImageFiles.Any(name => File.Exists(System.IO.Path.Combine(full, name))))
        {
            return ImageDataKind.Idx;
        }

        return Directory.EnumerateDirectories(full).Any()
            ? ImageDataKind.ImageFolder
            : throw new DataLayoutException($"'{full}' holds neither MNIST-layout IDX files (train-images-idx3-ubyte[.gz], t10k-images-idx3-ubyte[.gz] and their labels) nor one subfolder of images per class.");
    }

    /// <summary>Both splits, for training.</summary>
    /// <param name="path">The folder.</param>
    /// <param name="options">The class list, the split and the skip policy; null for the defaults.</param>
    /// <returns>The data.</returns>
    /// <exception cref="DirectoryNotFoundException">There is no such folder.</exception>
    /// <exception cref="InvalidDataException">The files are not usable (the message names the folder or file).</exception>
    /// <exception cref="ArgumentException">An option does not apply to the layout found (a validation fraction or skipping for IDX files).</exception>
    public static ImageData Open(string path, ImageDataOptions? options = null)
    {
        options ??= new ImageDataOptions();
        var full = System.IO.Path.GetFullPath(path);
        var kind = Detect(full);
        if (kind == ImageDataKind.Idx)
        {
            if (options.ValidationFraction is not null || options.SkipUnreadableFiles)
            {
                throw new ArgumentException(options.ValidationFraction is not null
                    ? "ValidationFraction splits an image folder; IDX data has its own test files (t10k-*)."
                    : "SkipUnreadableFiles applies to image folders; IDX data has no image files to skip.", nameof(options));
            }

            return new ImageData(kind, full, IdxDataset.Open(full, IdxSplit.Train), IdxDataset.Open(full, IdxSplit.Test), "t10k", [], null, null);
        }

        var fraction = options.ValidationFraction ?? DefaultValidationFraction;
        var splits = ImageFolderDataset.OpenSplits(full, options.ToFolderOptions(fraction));
        return splits.FromSubfolders
            ? new ImageData(kind, full, splits.Train, splits.Validation, "val/", splits.SkippedFiles, null, null)
            : new ImageData(kind, full, splits.Train, splits.Validation, "validation split", splits.SkippedFiles, fraction, options.SplitSeed);
    }

    /// <summary>The test split only, for evaluation: IDX <c>t10k</c> files; an image folder's <c>val/</c>, or its validation split by fraction and seed.</summary>
    /// <param name="path">The folder.</param>
    /// <param name="options">The class list (a model's, so that a missing class does not renumber the others) and the split; null for the defaults.</param>
    /// <returns>The data, without <see cref="Train"/>.</returns>
    /// <exception cref="DirectoryNotFoundException">There is no such folder.</exception>
    /// <exception cref="InvalidDataException">The files are not usable (the message names the folder or file).</exception>
    public static ImageData OpenTest(string path, ImageDataOptions? options = null)
    {
        options ??= new ImageDataOptions();
        var full = System.IO.Path.GetFullPath(path);
        if (Detect(full) == ImageDataKind.Idx)
        {
            return new ImageData(ImageDataKind.Idx, full, null, IdxDataset.Open(full, IdxSplit.Test), "t10k", [], null, null);
        }

        var val = System.IO.Path.Combine(full, "val");
        if (Directory.Exists(System.IO.Path.Combine(full, "train")) && Directory.Exists(val))
        {
            var test = ImageFolderDataset.Open(val, options.ToFolderOptions(DefaultValidationFraction));
            return new ImageData(ImageDataKind.ImageFolder, full, null, test, "val/", test.SkippedFiles, null, null);
        }

        var fraction = options.ValidationFraction ?? DefaultValidationFraction;
        var splits = ImageFolderDataset.OpenSplits(full, options.ToFolderOptions(fraction));
        return new ImageData(ImageDataKind.ImageFolder, full, null, splits.Validation, "validation split", splits.SkippedFiles, fraction, options.SplitSeed);
    }

    /// <summary>The data as a model card records it.</summary>
    /// <returns>Kind, path, image counts, test split, fraction and seed.</returns>
    public ModelDataSource ToCardSource() => new()
    {
        Kind = KindName,
        Path = Path,
        TrainImages = Train?.Count,
        TestImages = Test.Count,
        TestSplit = TestSplit,
        ValidationFraction = ValidationFraction,
        SplitSeed = SplitSeed,
    };

    /// <summary>The options that open the same test images again as a card records them (fraction and seed of a split).</summary>
    /// <param name="source">The card's data.</param>
    /// <param name="classes">The model's classes.</param>
    /// <returns>The options.</returns>
    public static ImageDataOptions OptionsFor(ModelDataSource? source, IReadOnlyList<string>? classes) => new()
    {
        Classes = classes,
        ValidationFraction = source?.ValidationFraction,
        SplitSeed = source?.SplitSeed ?? 0,
    };
}
