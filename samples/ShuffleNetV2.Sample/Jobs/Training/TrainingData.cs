using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using TorchTraining.Datasets;

namespace ShuffleNet.Torch.Sample;

internal enum DataKind
{
    /// <summary>A folder of MNIST-layout IDX files (train-images-idx3-ubyte, ..., gzipped or not).</summary>
    Idx,

    /// <summary>torchvision's ImageFolder: one subfolder of images per class, or train/ and val/ holding such subfolders.</summary>
    ImageFolder,
}

/// <summary>
/// The data of --data: IDX files or an image folder, told apart by what the folder holds, opened as a training and a
/// test split (IDX: train-* and t10k-*; image folder: train/ and val/, or a seeded split by --val-fraction). Every
/// problem with the files becomes one line naming the file and exit code 2.
/// </summary>
internal sealed class TrainingData
{
    private static readonly string[] IdxImageFiles = ["train-images-idx3-ubyte", "train-images-idx3-ubyte.gz", "t10k-images-idx3-ubyte", "t10k-images-idx3-ubyte.gz"];

    private TrainingData(DataKind kind, string path, IImageDataset? train, IImageDataset test, string testSplit, IReadOnlyList<string> skipped, double? fraction, int? seed)
    {
        Kind = kind;
        Path = path;
        Train = train;
        Test = test;
        TestSplit = testSplit;
        Skipped = skipped;
        ValidationFraction = fraction;
        SplitSeed = seed;
    }

    public DataKind Kind { get; }

    public string KindName => Kind == DataKind.Idx ? "idx" : "image-folder";

    public string Path { get; }

    /// <summary>The training images (null when only the test split was opened).</summary>
    public IImageDataset? Train { get; }

    public IImageDataset Test { get; }

    /// <summary>Where the test images come from: "t10k", "val/" or "validation split".</summary>
    public string TestSplit { get; }

    public IReadOnlyList<string> Classes => Test.Classes;

    public IReadOnlyList<string> Skipped { get; }

    public double? ValidationFraction { get; }

    public int? SplitSeed { get; }

    /// <summary>Which kind of data <paramref name="path"/> holds.</summary>
    /// <exception cref="UsageException">The folder does not exist or holds neither kind.</exception>
    public static DataKind Detect(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!Directory.Exists(full))
        {
            throw new UsageException(File.Exists(full) ? $"--data: '{full}' is a file; give the folder that holds the data." : $"--data: no folder at '{full}'.");
        }

        if (IdxImageFiles.Any(name => File.Exists(System.IO.Path.Combine(full, name))))
        {
            return DataKind.Idx;
        }

        return Directory.EnumerateDirectories(full).Any()
            ? DataKind.ImageFolder
            : throw new UsageException($"--data: '{full}' holds neither MNIST-layout IDX files (train-images-idx3-ubyte[.gz], t10k-images-idx3-ubyte[.gz] and their labels) nor one subfolder of images per class.");
    }

    /// <summary>Both splits, for training.</summary>
    /// <param name="path">--data.</param>
    /// <param name="validationFraction">--val-fraction: for an image folder without train/ and val/ only.</param>
    /// <param name="seed">The split's seed (image folders without train/ and val/).</param>
    /// <param name="skipUnreadable">Leave out image files that cannot be decoded (image folders only), and report them.</param>
    public static TrainingData Open(string path, double? validationFraction, int seed, bool skipUnreadable) =>
        Opening(path, () =>
        {
            var full = System.IO.Path.GetFullPath(path);
            var kind = Detect(full);
            if (kind == DataKind.Idx)
            {
                RefuseImageFolderOptions(validationFraction, skipUnreadable);
                var train = IdxDataset.Open(full, IdxSplit.Train);
                var test = IdxDataset.Open(full, IdxSplit.Test);
                return new TrainingData(kind, full, train, test, "t10k", [], null, null);
            }

            var fraction = validationFraction ?? DefaultValidationFraction;
            var splits = ImageFolderDataset.OpenSplits(full, new ImageFolderOptions { SkipUnreadableFiles = skipUnreadable, ValidationFraction = fraction, SplitSeed = seed });
            return splits.FromSubfolders
                ? new TrainingData(kind, full, splits.Train, splits.Validation, "val/", splits.SkippedFiles, null, null)
                : new TrainingData(kind, full, splits.Train, splits.Validation, "validation split", splits.SkippedFiles, fraction, seed);
        });

    /// <summary>The test split only, for evaluate: IDX t10k files; an image folder's val/, or its validation split by fraction and seed.</summary>
    public static TrainingData OpenTest(string path, double? validationFraction, int? seed) =>
        Opening(path, () =>
        {
            var full = System.IO.Path.GetFullPath(path);
            var kind = Detect(full);
            if (kind == DataKind.Idx)
            {
                return new TrainingData(kind, full, null, IdxDataset.Open(full, IdxSplit.Test), "t10k", [], null, null);
            }

            var val = System.IO.Path.Combine(full, "val");
            if (Directory.Exists(System.IO.Path.Combine(full, "train")) && Directory.Exists(val))
            {
                return new TrainingData(kind, full, null, ImageFolderDataset.Open(val), "val/", [], null, null);
            }

            var fraction = validationFraction ?? DefaultValidationFraction;
            var splits = ImageFolderDataset.OpenSplits(full, new ImageFolderOptions { ValidationFraction = fraction, SplitSeed = seed ?? 0 });
            return new TrainingData(kind, full, null, splits.Validation, "validation split", [], fraction, seed ?? 0);
        });

    public const double DefaultValidationFraction = 0.2;

    private static void RefuseImageFolderOptions(double? validationFraction, bool skipUnreadable)
    {
        if (validationFraction is not null)
        {
            throw new UsageException("--val-fraction splits an image folder; IDX data has its own test files (t10k-*).");
        }

        if (skipUnreadable)
        {
            throw new UsageException("--skip-unreadable applies to image folders; IDX data has no image files to skip.");
        }
    }

    /// <summary>Turns the datasets' errors (each one line naming the folder or file) into mistakes in the input: exit code 2.</summary>
    private static TrainingData Opening(string path, Func<TrainingData> open)
    {
        try
        {
            return open();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException)
        {
            throw new UsageException(e.Message);
        }
    }
}
