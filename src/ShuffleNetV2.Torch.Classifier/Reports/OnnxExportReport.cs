using System;

namespace ShuffleNet.Torch.Classifier.Reports;

/// <summary>A classifier exported to an ONNX file: the network, the input and output shapes and the model card the file records.</summary>
/// <param name="Path">The ONNX file's full path.</param>
/// <param name="Network">The network, e.g. "ShuffleNetV2 0.5x".</param>
/// <param name="ClassCount">The number of classes (outputs).</param>
/// <param name="InputSize">The fixed input size, or null for any.</param>
/// <param name="Card">What the file records of the model card ("its model card (from ...): transform, classes ..."), or null without a card.</param>
public sealed record OnnxExportReport(string Path, string Network, long ClassCount, ImageSize? InputSize, string? Card)
{
    /// <summary>Exports <paramref name="classifier"/> with its card (see <see cref="ShuffleNetV2Classifier.ExportOnnx"/>) and describes the file.</summary>
    /// <param name="classifier">A classifier with weights (not loaded from an ONNX file).</param>
    /// <param name="path">The ONNX file.</param>
    /// <param name="inputSize">A fixed input size (it must be the transform's crop when the model has a card), or null for any.</param>
    /// <returns>The report.</returns>
    /// <exception cref="InvalidOperationException">The classifier was loaded from an ONNX file.</exception>
    /// <exception cref="ArgumentException">The fixed size is not the card's crop.</exception>
    public static OnnxExportReport Create(ShuffleNetV2Classifier classifier, string path, ImageSize? inputSize = null)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        classifier.ExportOnnx(path, inputSize?.Height, inputSize?.Width);
        var model = classifier.Model!;
        var card = classifier.Card is { } c
            ? $"its model card (from {classifier.Source.CardLocation}): {c.Transform.Describe()}, classes {ReportText.FirstThree(c.Classes)}"
            : null;
        return new OnnxExportReport(System.IO.Path.GetFullPath(path), ReportText.Name(model.Architecture), model.NumClasses, inputSize, card);
    }

    /// <summary>One line: network, classes, file, opset, shapes and card.</summary>
    /// <returns>The line, ending with a line break.</returns>
    public string ToText()
    {
        var input = InputSize is { } s ? $"[batch, 3, {ReportText.Int(s.Height)}, {ReportText.Int(s.Width)}]" : "[batch, 3, height, width]";
        var card = Card is null ? "no model card (no classes or transform are known for these weights)" : Card;
        return $"Exported {Network}, {ReportText.Int(ClassCount)} classes, to {Path}: ONNX opset 13, input {input}, output [batch, {ReportText.Int(ClassCount)}]; {card}.\n";
    }
}
