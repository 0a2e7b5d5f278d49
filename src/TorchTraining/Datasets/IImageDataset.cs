using System.Collections.Generic;

namespace TorchTraining.Datasets;

/// <summary>
/// A labelled image dataset, the one interface the data loader needs: implement it for your own data.
/// </summary>
/// <remarks>
/// <see cref="Get"/> must be thread-safe: the loader's workers call it concurrently, for different indices. It should
/// return a new image (or one nobody changes): transforms never change the image they receive.
/// </remarks>
public interface IImageDataset
{
    /// <summary>The number of samples.</summary>
    int Count { get; }

    /// <summary>The class names; a label is an index into this list.</summary>
    IReadOnlyList<string> Classes { get; }

    /// <summary>The 8-bit image and the label of one sample.</summary>
    /// <param name="index">0 to <see cref="Count"/> - 1.</param>
    LabeledImage Get(int index);
}
