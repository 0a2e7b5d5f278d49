using System.Collections.Generic;
using System.Linq;

namespace TorchTraining.Datasets;

/// <summary>The training and validation splits of an image folder tree (<see cref="ImageFolderDataset.OpenSplits"/>).</summary>
public sealed class ImageFolderSplits
{
    internal ImageFolderSplits(ImageFolderDataset train, ImageFolderDataset validation, bool fromSubfolders)
    {
        Train = train;
        Validation = validation;
        FromSubfolders = fromSubfolders;
        SkippedFiles = train.SkippedFiles.Concat(validation.SkippedFiles).ToArray();
    }

    /// <summary>The training images.</summary>
    public ImageFolderDataset Train { get; }

    /// <summary>The validation images (same classes as <see cref="Train"/>).</summary>
    public ImageFolderDataset Validation { get; }

    /// <summary>True when the splits are the <c>train/</c> and <c>val/</c> subfolders; false when one folder was split by a seeded fraction.</summary>
    public bool FromSubfolders { get; }

    /// <summary>Every image file left out because it could not be decoded, in both splits.</summary>
    public IReadOnlyList<string> SkippedFiles { get; }
}
