using System;
using System.Collections.Generic;
using System.Globalization;
using ShuffleNet.Torch.Pretrained;

namespace ShuffleNet.Torch.Onnx;

/// <summary>Choices for <see cref="OnnxExport"/>. The batch dimension is always dynamic.</summary>
public sealed class OnnxExportOptions
{
    /// <summary>The default: dynamic batch, height and width; the ImageNet transform recorded; no labels.</summary>
    public static OnnxExportOptions Default { get; } = new();

    /// <summary>
    /// Options recording what published weights say about themselves: their evaluation transform
    /// (<see cref="OnnxPreprocessing.From"/> of <see cref="ShuffleNetV2Weights.Transforms"/>: resize 232 for torchvision's
    /// 1.5× and 2.0× weights, 256 for 0.5× and 1.0×, crop 224) and their <see cref="ShuffleNetV2Weights.Categories"/> as
    /// <see cref="Labels"/>. Height and width stay dynamic; to fix them, set <see cref="InputHeight"/>, <see cref="InputWidth"/>
    /// and <see cref="Preprocessing"/> in an initializer instead.
    /// </summary>
    /// <param name="weights">The weights the exported network was made from, e.g. <c>ShuffleNetV2Weights.X1_5_ImageNet1K_V1</c>.</param>
    /// <returns>New options.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="weights"/> is null.</exception>
    public static OnnxExportOptions ForWeights(ShuffleNetV2Weights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        return new OnnxExportOptions { Preprocessing = OnnxPreprocessing.From(weights.Transforms), Labels = weights.Categories };
    }

    /// <summary>A fixed input height in pixels written into the graph, or <see langword="null"/> (default) for any height.</summary>
    public int? InputHeight { get; init; }

    /// <summary>A fixed input width in pixels written into the graph, or <see langword="null"/> (default) for any width.</summary>
    public int? InputWidth { get; init; }

    /// <summary>
    /// The evaluation transform to record in the file's <c>metadata_props</c> (keys in <see cref="OnnxPreprocessing"/>).
    /// <see langword="null"/> (default) records <see cref="OnnxPreprocessing.ImageNet"/> (resize 256), unless a fixed input
    /// size other than 224×224 is set, in which case no transform is recorded. A transform whose input size differs from a
    /// fixed <see cref="InputHeight"/> or <see cref="InputWidth"/> is rejected. For a network made from published weights,
    /// record their transform: <see cref="ForWeights"/>, or <see cref="OnnxPreprocessing.From"/> of their <c>Transforms</c>.
    /// </summary>
    public OnnxPreprocessing? Preprocessing { get; init; }

    /// <summary>
    /// The class names in output order, one per class, recorded in the file's <c>metadata_props</c> under the key
    /// <c>labels</c> as a JSON array of strings (e.g. <c>["T-shirt/top","Trouser"]</c>); <see langword="null"/>
    /// (default) records none.
    /// </summary>
    public IReadOnlyList<string>? Labels { get; init; }

    /// <summary>The transform written to the file: <see cref="Preprocessing"/>, or the default it stands for.</summary>
    internal OnnxPreprocessing? RecordedPreprocessing =>
        Preprocessing ?? (FitsTheInputSize(OnnxPreprocessing.ImageNet) ? OnnxPreprocessing.ImageNet : null);

    internal void Validate(string paramName, long numClasses)
    {
        if (InputHeight is < 1 || InputWidth is < 1)
        {
            throw new ArgumentOutOfRangeException(
                paramName,
                $"The input size {Size(InputHeight)}×{Size(InputWidth)} is too small: InputHeight and InputWidth must be at least 1 pixel (or null for any size).");
        }

        if (Preprocessing is { } preprocessing && !FitsTheInputSize(preprocessing))
        {
            throw new ArgumentException(
                $"The preprocessing's input size {preprocessing.InputHeight}×{preprocessing.InputWidth} differs from the fixed input size {Size(InputHeight)}×{Size(InputWidth)}.",
                paramName);
        }

        if (Labels is { } labels)
        {
            if (labels.Count != numClasses)
            {
                throw new ArgumentException($"The model has {numClasses} classes but {labels.Count} labels were given.", paramName);
            }

            for (var i = 0; i < labels.Count; i++)
            {
                if (labels[i] is null)
                {
                    throw new ArgumentException($"Label {i} is null; every class needs a label (an empty string is allowed).", paramName);
                }
            }
        }
    }

    private bool FitsTheInputSize(OnnxPreprocessing preprocessing) =>
        (InputHeight ?? preprocessing.InputHeight) == preprocessing.InputHeight && (InputWidth ?? preprocessing.InputWidth) == preprocessing.InputWidth;

    private static string Size(int? pixels) => pixels?.ToString(CultureInfo.InvariantCulture) ?? "any";
}
