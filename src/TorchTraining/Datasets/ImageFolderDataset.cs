using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using TorchImaging;

namespace TorchTraining.Datasets;

/// <summary>
/// Images in a folder tree with one subfolder per class, as torchvision's <c>datasets.ImageFolder</c>: the same
/// classes, the same files (torchvision's extensions, matched case-insensitively), in the same order, decoded through
/// TorchImaging (PIL's <c>convert("RGB")</c> or <c>convert("L")</c>) each time a sample is read.
/// </summary>
/// <remarks>
/// Opening fails with one line naming the folder when the root is missing, has no or a single class folder, or a class
/// folder holds no image file. An unreadable image throws <see cref="ImageFileException"/> naming the file when it is
/// read, unless <see cref="ImageFolderOptions.SkipUnreadableFiles"/> left it out at open time. Thread-safe.
/// </remarks>
public sealed class ImageFolderDataset : IImageDataset
{
    private readonly string[] _classes;
    private readonly string[] _paths;
    private readonly int[] _labels;
    private readonly string[] _skipped;

    private ImageFolderDataset(string root, string[] classes, IReadOnlyList<(string Path, int Label)> samples, ColorMode mode, string[] skipped)
    {
        Root = root;
        _classes = classes;
        _paths = samples.Select(s => s.Path).ToArray();
        _labels = samples.Select(s => s.Label).ToArray();
        ColorMode = mode;
        _skipped = skipped;
    }

    /// <summary>The full path of the folder whose subfolders are the classes.</summary>
    public string Root { get; }

    /// <inheritdoc />
    public int Count => _paths.Length;

    /// <inheritdoc />
    public IReadOnlyList<string> Classes => _classes;

    /// <summary>The pixel format images are decoded to.</summary>
    public ColorMode ColorMode { get; }

    /// <summary>The image files left out because they could not be decoded (empty unless <see cref="ImageFolderOptions.SkipUnreadableFiles"/>).</summary>
    public IReadOnlyList<string> SkippedFiles => _skipped;

    /// <summary>Opens one folder tree as a single dataset, exactly as torchvision's <c>ImageFolder(root)</c>.</summary>
    /// <param name="root">The folder whose subfolders are the classes.</param>
    /// <param name="options">Colour mode and skip policy; the split settings are not used here.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="InvalidDataException">No or a single class folder, or a class folder without image files.</exception>
    public static ImageFolderDataset Open(string root, ImageFolderOptions? options = null)
    {
        options ??= new ImageFolderOptions();
        var fullRoot = ImageFolderScan.FullRoot(root);
        return Scan(fullRoot, ImageFolderScan.FindClasses(fullRoot, options.Classes), options);
    }

    /// <summary>
    /// Opens a folder tree as a training and a validation split: <c>root/train</c> and <c>root/val</c> when both exist
    /// (their classes must be the same), otherwise <c>root</c> itself split per class by
    /// <see cref="ImageFolderOptions.ValidationFraction"/> with <see cref="ImageFolderOptions.SplitSeed"/>.
    /// </summary>
    /// <param name="root">The folder.</param>
    /// <param name="options">Colour mode, skip policy and split settings.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="InvalidDataException">The class folders are wrong (see <see cref="Open"/>), the two splits have different classes, or only one of train/val exists.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The validation fraction is not strictly between 0 and 1.</exception>
    public static ImageFolderSplits OpenSplits(string root, ImageFolderOptions? options = null)
    {
        options ??= new ImageFolderOptions();
        var fullRoot = ImageFolderScan.FullRoot(root);
        var train = Path.Combine(fullRoot, "train");
        var val = Path.Combine(fullRoot, "val");
        if (Directory.Exists(train) && Directory.Exists(val))
        {
            var trainClasses = ImageFolderScan.FindClasses(train, options.Classes);
            var valClasses = ImageFolderScan.FindClasses(val, options.Classes);
            if (!trainClasses.SequenceEqual(valClasses, StringComparer.Ordinal))
            {
                throw new InvalidDataException(
                    $"Image folder '{fullRoot}': train/ and val/ have different classes (only in train/: {Describe(trainClasses.Except(valClasses, StringComparer.Ordinal))}; only in val/: {Describe(valClasses.Except(trainClasses, StringComparer.Ordinal))}).");
            }

            return new ImageFolderSplits(Scan(train, trainClasses, options), Scan(val, valClasses, options), fromSubfolders: true);
        }

        if (Directory.Exists(train) != Directory.Exists(val))
        {
            throw new InvalidDataException($"Image folder '{fullRoot}' has a {(Directory.Exists(train) ? "train/ but no val/" : "val/ but no train/")} subfolder: give both, or one folder per class.");
        }

        if (!(options.ValidationFraction > 0 && options.ValidationFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.ValidationFraction, "ValidationFraction must be strictly between 0 and 1.");
        }

        var whole = Scan(fullRoot, ImageFolderScan.FindClasses(fullRoot, options.Classes), options);
        var isValidation = StratifiedSplit.ValidationMask(whole._labels, whole._classes.Length, options.ValidationFraction, options.SplitSeed);
        if (!isValidation.Contains(true))
        {
            throw new InvalidDataException($"Image folder '{fullRoot}': a validation fraction of {options.ValidationFraction} leaves the validation split empty ({whole.Count} images).");
        }

        return new ImageFolderSplits(whole.Subset(isValidation, false), whole.Subset(isValidation, true), fromSubfolders: false);
    }

    /// <inheritdoc />
    /// <exception cref="ImageFileException">The file cannot be decoded; the message names it.</exception>
    public LabeledImage Get(int index) => new(ImageDecoder.Decode(GetPath(index), ColorMode), _labels[index]);

    /// <summary>The full path of one sample's file.</summary>
    /// <param name="index">0 to <see cref="Count"/> - 1.</param>
    public string GetPath(int index)
    {
        if ((uint)index >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The image folder '{Root}' has {Count} samples.");
        }

        return _paths[index];
    }

    /// <summary>The label of one sample, without decoding its image.</summary>
    /// <param name="index">0 to <see cref="Count"/> - 1.</param>
    public int GetLabel(int index)
    {
        GetPath(index);
        return _labels[index];
    }

    private static ImageFolderDataset Scan(string root, string[] classes, ImageFolderOptions options)
    {
        var samples = ImageFolderScan.FindSamples(root, classes);
        var skipped = Array.Empty<string>();
        if (options.SkipUnreadableFiles)
        {
            var unreadable = ImageFolderScan.FindUnreadable(samples, options.ColorMode);
            skipped = samples.Select(s => s.Path).Where(unreadable.Contains).ToArray();
            samples.RemoveAll(s => unreadable.Contains(s.Path));
        }

        ImageFolderScan.CheckEveryClassHasFiles(root, classes, samples, skipped.Length, missingFoldersAllowed: options.Classes is not null);
        return new ImageFolderDataset(root, classes, samples, options.ColorMode, skipped);
    }

    private ImageFolderDataset Subset(bool[] isValidation, bool validation)
    {
        var samples = Enumerable.Range(0, Count).Where(i => isValidation[i] == validation).Select(i => (_paths[i], _labels[i])).ToList();
        return new ImageFolderDataset(Root, _classes, samples, ColorMode, validation ? [] : _skipped);
    }

    private static string Describe(IEnumerable<string> classes)
    {
        var list = classes.Select(c => $"'{c}'").ToArray();
        return list.Length == 0 ? "none" : string.Join(", ", list);
    }
}
