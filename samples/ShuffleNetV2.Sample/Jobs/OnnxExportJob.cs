using System.IO;
using ShuffleNet.Torch.Onnx;

namespace ShuffleNet.Torch.Sample;

/// <summary>export-onnx: the model as an ONNX file, BatchNorm folded; --size fixes the input size, otherwise it stays dynamic.</summary>
internal static class OnnxExportJob
{
    public static string Run(OnnxExportSettings settings)
    {
        using var model = ModelFactory.Create(settings.Model);
        var options = settings.Size is { } size ? new OnnxExportOptions { InputHeight = size.Height, InputWidth = size.Width } : null;
        model.ExportToOnnx(settings.OnnxPath, options);

        var architecture = model.Architecture.Width is { } width ? $"ShuffleNetV2 {width.ToText()}x" : $"ShuffleNetV2 ({model.Architecture})";
        var input = settings.Size is { } s ? $"[batch, 3, {s.Height}, {s.Width}]" : "[batch, 3, height, width]";
        return $"Exported {architecture}, {model.NumClasses} classes, to {Path.GetFullPath(settings.OnnxPath)}: ONNX opset 13, input {input}, output [batch, {model.NumClasses}].\n";
    }
}

/// <summary>The model to export (on the CPU), the file, and the input size to fix (null: any size).</summary>
internal sealed record OnnxExportSettings(ModelChoice Model, InputSize? Size, string OnnxPath);
