using System.Globalization;
using System.IO;
using ShuffleNet.Torch.Onnx;
using ShuffleNet.Torch.Onnx.Quantization;
using ShuffleNet.Torch.Classifier;

namespace ShuffleNet.Torch.Sample;

/// <summary>
/// quantize: the model of --weights (with the eval transform and class names of its model card, as evaluate reads
/// them) calibrated on random batches of --data's train split and written as an int8 ONNX file recording the card.
/// </summary>
internal static class QuantizationJob
{
    public const int DefaultCalibrationBatches = 16;
    public const int DefaultBatch = 32;

    public static string Run(QuantizationSettings settings, TextWriter stderr)
    {
        using var classifier = ModelFactory.Load(settings.WeightsPath, new ClassifierLoadOptions { DefaultTransform = settings.Transform.Whole(), AdjustTransform = settings.Transform.Apply }, "--weights");
        EvaluationJob.RequireTransform(classifier, settings.Transform, settings.WeightsPath);
        var options = new OnnxQuantizationOptions { Method = settings.Method, MaxCalibrationBatches = settings.CalibrationBatches };
        var quantized = DataMistakes.Named(() => classifier.Quantize(settings.OutputPath, settings.DataPath, options, settings.Batch), settings.OutputPath);

        var floatBytes = classifier.Model!.ToOnnxBytes(classifier.ExportOptions()).Length;
        var source = settings.Transform.Source(CardOrigin.Of(classifier));
        return string.Create(
            CultureInfo.InvariantCulture,
            $"Quantized '{Path.GetFullPath(settings.WeightsPath)}' to {Path.GetFullPath(settings.OutputPath)}: int8 QDQ, ONNX opset 13, {classifier.ClassCount} classes; "
            + $"calibrated by {Describe(settings.Method)} on {quantized.CalibrationBatches} batches ({quantized.CalibrationImages} images) of the train split of '{Path.GetFullPath(settings.DataPath)}' "
            + $"with the eval transform {classifier.Transform.Describe()} (from {source}); {quantized.Bytes.Length:N0} bytes, {(double)quantized.Bytes.Length / floatBytes:F2}x the float file.\n");
    }

    private static string Describe(CalibrationMethod method) => method switch
    {
        CalibrationMethod.MinMax => "min/max",
        CalibrationMethod.Percentile => $"percentile {OnnxQuantizationOptions.Default.Percentile.ToString(CultureInfo.InvariantCulture)}",
        _ => "entropy",
    };

}

/// <summary>What quantize was asked for.</summary>
internal sealed record QuantizationSettings
{
    public required string WeightsPath { get; init; }

    public required string DataPath { get; init; }

    public required string OutputPath { get; init; }

    public int CalibrationBatches { get; init; } = QuantizationJob.DefaultCalibrationBatches;

    public CalibrationMethod Method { get; init; } = CalibrationMethod.Percentile;

    public TransformOverrides Transform { get; init; } = TransformOverrides.None;

    public int Batch { get; init; } = QuantizationJob.DefaultBatch;

    public int? Threads { get; init; }
}
