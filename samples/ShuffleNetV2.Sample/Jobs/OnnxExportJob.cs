using System.IO;
using ShuffleNet.Torch.Onnx;

namespace ShuffleNet.Torch.Sample;

/// <summary>
/// export-onnx: the model as an ONNX file, BatchNorm folded, with its model card (eval transform, class names) in the
/// metadata; --size fixes the input size, otherwise it stays dynamic.
/// </summary>
internal static class OnnxExportJob
{
    public static string Run(OnnxExportSettings settings)
    {
        using var classifier = ModelFactory.Open(settings.Model);
        var model = classifier.Model!;
        var (height, width) = (settings.Size?.Height, settings.Size?.Width);
        if (classifier.Card is { } card && settings.Size is { } size && (size.Height != card.Transform.CropHeight || size.Width != card.Transform.CropWidth))
        {
            throw new UsageException(
                $"--size {size.Height}x{size.Width} differs from the model's input, {card.Transform.CropHeight}x{card.Transform.CropWidth} (its eval transform crops that size); leave out --size or give {card.Transform.CropHeight}x{card.Transform.CropWidth}.");
        }

        // Without a card nothing is known of the input: the file records ImageNet's transform when its size allows, as before.
        var options = classifier.Card is null ? new OnnxExportOptions { InputHeight = height, InputWidth = width } : classifier.ExportOptions(height, width);
        model.ExportToOnnx(settings.OnnxPath, options);

        var architecture = model.Architecture.Width is { } w ? $"ShuffleNetV2 {w.ToText()}x" : $"ShuffleNetV2 ({model.Architecture})";
        var input = settings.Size is { } s ? $"[batch, 3, {s.Height}, {s.Width}]" : "[batch, 3, height, width]";
        var described = classifier.Card is { } c
            ? $"; its model card (from {CardOrigin.Of(classifier)}): {c.Transform.Describe()}, classes {string.Join(", ", System.Linq.Enumerable.Take(c.Classes, 3))}{(c.ClassCount > 3 ? $" and {c.ClassCount - 3} more" : string.Empty)}"
            : "; no model card (no classes or transform are known for these weights)";
        return $"Exported {architecture}, {model.NumClasses} classes, to {Path.GetFullPath(settings.OnnxPath)}: ONNX opset 13, input {input}, output [batch, {model.NumClasses}]{described}.\n";
    }
}

/// <summary>The model to export (on the CPU), the file, and the input size to fix (null: any size).</summary>
internal sealed record OnnxExportSettings(ModelChoice Model, InputSize? Size, string OnnxPath);
