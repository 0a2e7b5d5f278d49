using TorchImaging;

namespace TorchTraining.Datasets;

/// <summary>How <see cref="ImageFolderDataset"/> reads a folder tree.</summary>
public sealed class ImageFolderOptions
{
    /// <summary>The pixel format images are decoded to: RGB (default, PIL's <c>convert("RGB")</c> as torchvision's
    /// default loader) or grey (PIL's <c>convert("L")</c>).</summary>
    public ColorMode ColorMode { get; init; } = ColorMode.Rgb;

    /// <summary>
    /// False (default): an unreadable image fails when it is first read, naming the file. True: every file is decoded
    /// once when the folder is opened and the unreadable ones are left out (listed in
    /// <see cref="ImageFolderDataset.SkippedFiles"/>), so that the sample count, the classes and the split stay fixed for
    /// the whole training; that costs one decoding pass over the dataset at open time.
    /// </summary>
    public bool SkipUnreadableFiles { get; init; }

    /// <summary>
    /// The classes in label order, as a trained model knows them (its card's class names); null (default) for the
    /// subfolders' names sorted, as torchvision's <c>ImageFolder</c>. With a list, every subfolder must be in it, and a
    /// listed class may have no subfolder: a test folder that lacks a class keeps the model's labels instead of
    /// renumbering the others.
    /// </summary>
    public System.Collections.Generic.IReadOnlyList<string>? Classes { get; init; }

    /// <summary>For a folder without <c>train/</c> and <c>val/</c>: the fraction of each class put in the validation split
    /// (strictly between 0 and 1; default 0.2).</summary>
    public double ValidationFraction { get; init; } = 0.2;

    /// <summary>For a folder without <c>train/</c> and <c>val/</c>: the seed of the split; the same seed and files give the same split.</summary>
    public int SplitSeed { get; init; }
}
