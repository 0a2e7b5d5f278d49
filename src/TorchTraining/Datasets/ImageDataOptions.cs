using System.Collections.Generic;

namespace TorchTraining.Datasets;

/// <summary>How <see cref="ImageData"/> opens a folder.</summary>
public sealed record ImageDataOptions
{
    /// <summary>
    /// The classes in label order (a trained model's); null (default) for the data's own: an image folder's subfolders
    /// sorted, or the IDX set's names. Image folders only (IDX labels are numbers).
    /// </summary>
    public IReadOnlyList<string>? Classes { get; init; }

    /// <summary>For an image folder without train/ and val/: the test fraction (default <see cref="ImageData.DefaultValidationFraction"/>); image folders only.</summary>
    public double? ValidationFraction { get; init; }

    /// <summary>For an image folder without train/ and val/: the split's seed (default 0).</summary>
    public int SplitSeed { get; init; }

    /// <summary>Leave out image files that cannot be decoded (decoding each once at open time) instead of failing on the first; image folders only.</summary>
    public bool SkipUnreadableFiles { get; init; }

    internal ImageFolderOptions ToFolderOptions(double fraction) => new()
    {
        Classes = Classes,
        ValidationFraction = fraction,
        SplitSeed = SplitSeed,
        SkipUnreadableFiles = SkipUnreadableFiles,
    };
}
