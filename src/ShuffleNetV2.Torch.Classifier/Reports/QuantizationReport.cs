using System;
using System.Globalization;
using System.IO;
using ShuffleNet.Torch.Onnx;
using ShuffleNet.Torch.Onnx.Quantization;

namespace ShuffleNet.Torch.Classifier.Reports;

/// <summary>A classifier quantized to an int8 ONNX file: what was calibrated on, with which transform, and how large the file is against the float export.</summary>
/// <param name="Model">The model's full path.</param>
/// <param name="Output">The int8 file's full path.</param>
/// <param name="Data">The data folder whose training split calibrated.</param>
/// <param name="Quantized">The quantized model (calibration method, batches, images, bytes).</param>
/// <param name="Percentile">The percentile of <see cref="CalibrationMethod.Percentile"/> calibration.</param>
/// <param name="ClassCount">The model's number of classes.</param>
/// <param name="FloatBytes">The size of the float ONNX export of the same model.</param>
/// <param name="Transform">How the calibration images were prepared, in words.</param>
/// <param name="TransformSource">Where the transform came from (see <see cref="EvaluationReport.TransformOrigin"/>).</param>
public sealed record QuantizationReport(
    string Model, string Output, string Data, QuantizedOnnxModel Quantized, double Percentile, int ClassCount, long FloatBytes, string Transform, string TransformSource)
{
    /// <summary>Quantizes <paramref name="classifier"/> (see <see cref="ShuffleNetV2Classifier.Quantize"/>) and describes the file.</summary>
    /// <param name="classifier">A classifier with weights (not loaded from an ONNX file).</param>
    /// <param name="outputPath">The int8 ONNX file, written only when calibration succeeded.</param>
    /// <param name="dataPath">The data folder whose training split calibrates.</param>
    /// <param name="options">Calibration method and batch count; null for the defaults.</param>
    /// <param name="batchSize">Images per calibration batch.</param>
    /// <returns>The report.</returns>
    /// <exception cref="InvalidOperationException">The classifier was loaded from an ONNX file.</exception>
    /// <exception cref="DirectoryNotFoundException">There is no such data folder.</exception>
    /// <exception cref="TorchTraining.Datasets.DataLayoutException">The folder holds none of the data layouts.</exception>
    /// <exception cref="InvalidDataException">The data holds no training images or has another number of classes.</exception>
    public static QuantizationReport Create(ShuffleNetV2Classifier classifier, string outputPath, string dataPath, OnnxQuantizationOptions? options = null, int batchSize = 32)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        options ??= OnnxQuantizationOptions.Default;
        var quantized = classifier.Quantize(outputPath, dataPath, options, batchSize);
        var floatBytes = classifier.Model!.ToOnnxBytes(classifier.ExportOptions()).Length;
        return new QuantizationReport(classifier.Source.Path, Path.GetFullPath(outputPath), Path.GetFullPath(dataPath), quantized, options.Percentile, classifier.ClassCount, floatBytes,
            classifier.Transform.Describe(), EvaluationReport.TransformOrigin(classifier));
    }

    /// <summary>One line: the file, the calibration, the transform and the size.</summary>
    /// <returns>The line, ending with a line break.</returns>
    public string ToText()
    {
        var method = Quantized.Method switch
        {
            CalibrationMethod.MinMax => "min/max",
            CalibrationMethod.Percentile => $"percentile {Percentile.ToString(CultureInfo.InvariantCulture)}",
            _ => "entropy",
        };
        var bytes = Quantized.Bytes.Length;
        var inFloat = Quantized.FloatLayers.Count > 0 ? $"kept in float: {string.Join(", ", Quantized.FloatLayers)}; " : string.Empty;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"Quantized '{Model}' to {Output}: int8 QDQ, ONNX opset 13, {ClassCount} classes; calibrated by {method} on {Quantized.CalibrationBatches} batches ({Quantized.CalibrationImages} images) "
            + $"of the train split of '{Data}' with the eval transform {Transform} (from {TransformSource}); {inFloat}{bytes:N0} bytes, {(double)bytes / FloatBytes:F2}x the float file.\n");
    }
}
