using System;
using System.Collections.Generic;
using System.Globalization;
using ShuffleNet.Torch.Pretrained;
using TorchCheckpoints;
using TorchCheckpoints.Hub;

namespace ShuffleNet.Torch.Onnx;

/// <summary>Choices for <see cref="OnnxExport"/>. The batch dimension is always dynamic.</summary>
public sealed class OnnxExportOptions
{
    /// <summary>The default: dynamic batch, height and width; the ImageNet transform recorded; no labels.</summary>
    public static OnnxExportOptions Default { get; } = new();

    /// <summary>
    /// Options recording what published weights say about themselves: their model card (<see cref="ShuffleNetV2Weights.Card"/>),
    /// so their evaluation transform (resize 232 for torchvision's 1.5× and 2.0× weights, 256 for 0.5× and 1.0×, crop 224)
    /// and their categories as <see cref="Labels"/>. Height and width stay dynamic.
    /// </summary>
    /// <param name="weights">The weights the exported network was made from, e.g. <c>ShuffleNetV2Weights.X1_5_ImageNet1K_V1</c>.</param>
    /// <returns>New options.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="weights"/> is null.</exception>
    public static OnnxExportOptions ForWeights(ShuffleNetV2Weights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        return new OnnxExportOptions { Card = weights.Card };
    }

    /// <summary>A fixed input height in pixels written into the graph, or <see langword="null"/> (default) for any height.</summary>
    public int? InputHeight { get; init; }

    /// <summary>A fixed input width in pixels written into the graph, or <see langword="null"/> (default) for any width.</summary>
    public int? InputWidth { get; init; }

    /// <summary>
    /// The model card to record: the whole card as JSON under the metadata key <c>model_card</c>, and its transform and
    /// class names as <see cref="Preprocessing"/> and <see cref="Labels"/> do (unless those are set too, which then take
    /// precedence); <see langword="null"/> (default) records no card.
    /// </summary>
    public ModelCard? Card { get; init; }

    /// <summary>
    /// The evaluation transform to record in the file's <c>metadata_props</c> (keys <c>preprocessing.input_size</c> =
    /// <c>"224,224"</c> (height, width), <c>preprocessing.resize_size</c> = <c>"256"</c> (absent without a resize),
    /// <c>preprocessing.mean</c> and <c>preprocessing.std</c> = <c>"0.485,0.456,0.406"</c>; numbers in invariant culture
    /// separated by commas). <see langword="null"/> (default) records the <see cref="Card"/>'s, or without a card
    /// <see cref="ImageClassificationTransform.ImageNet"/> (resize 256), unless a fixed input size other than 224×224 is
    /// set, in which case no transform is recorded. A transform whose crop differs from a fixed <see cref="InputHeight"/>
    /// or <see cref="InputWidth"/> is rejected.
    /// </summary>
    public ImageClassificationTransform? Preprocessing { get; init; }

    /// <summary>
    /// The class names in output order, one per class, recorded in the file's <c>metadata_props</c> under the key
    /// <c>labels</c> as a JSON array of strings (e.g. <c>["T-shirt/top","Trouser"]</c>); <see langword="null"/>
    /// (default) records the <see cref="Card"/>'s classes, or none.
    /// </summary>
    public IReadOnlyList<string>? Labels { get; init; }

    /// <summary>The transform written to the file: <see cref="Preprocessing"/>, the card's, or the default it stands for.</summary>
    internal ImageClassificationTransform? RecordedPreprocessing =>
        Preprocessing ?? Card?.Transform ?? (FitsTheInputSize(ImageClassificationTransform.ImageNet) ? ImageClassificationTransform.ImageNet : null);

    /// <summary>The labels written to the file: <see cref="Labels"/> or the card's classes.</summary>
    internal IReadOnlyList<string>? RecordedLabels => Labels ?? Card?.Classes;

    internal void Validate(string paramName, long numClasses)
    {
        if (InputHeight is < 1 || InputWidth is < 1)
        {
            throw new ArgumentOutOfRangeException(
                paramName,
                $"The input size {Size(InputHeight)}×{Size(InputWidth)} is too small: InputHeight and InputWidth must be at least 1 pixel (or null for any size).");
        }

        if ((Preprocessing ?? Card?.Transform) is { } preprocessing)
        {
            if (!FitsTheInputSize(preprocessing))
            {
                throw new ArgumentException(
                    $"The preprocessing's input size {preprocessing.CropHeight}×{preprocessing.CropWidth} differs from the fixed input size {Size(InputHeight)}×{Size(InputWidth)}.",
                    paramName);
            }

            if (preprocessing.Channels != 3)
            {
                throw new ArgumentException($"The preprocessing gives {preprocessing.Channels} channel(s); the network takes 3.", paramName);
            }
        }

        if (RecordedLabels is { } labels)
        {
            if (labels.Count != numClasses)
            {
                throw new ArgumentException($"The model has {numClasses} classes but {labels.Count} labels were given{(Labels is null ? " (by the model card)" : string.Empty)}.", paramName);
            }

            for (var i = 0; i < labels.Count; i++)
            {
                if (labels[i] is null)
                {
                    throw new ArgumentException($"Label {i} is null; every class needs a label (an empty string is allowed).", paramName);
                }
            }
        }

        // Explicit labels take precedence in the labels key, but the card is recorded whole: it must describe this model.
        if (Card is { } card && card.ClassCount != numClasses)
        {
            throw new ArgumentException($"The model has {numClasses} classes but the model card lists {card.ClassCount} classes.", paramName);
        }
    }

    private bool FitsTheInputSize(ImageClassificationTransform preprocessing) =>
        (InputHeight ?? preprocessing.CropHeight) == preprocessing.CropHeight && (InputWidth ?? preprocessing.CropWidth) == preprocessing.CropWidth;

    private static string Size(int? pixels) => pixels?.ToString(CultureInfo.InvariantCulture) ?? "any";
}
