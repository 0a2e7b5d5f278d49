using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using ShuffleNet.Torch.Onnx;
using ShuffleNet.Torch.Onnx.Quantization;
using TorchTraining.Loading;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Sample;

/// <summary>
/// quantize: the model of --weights (with the eval transform and class names of its model.json, as evaluate --weights
/// reads them) calibrated on random batches of --data's train split and written as an int8 ONNX file.
/// </summary>
internal static class QuantizationJob
{
    public const int DefaultCalibrationBatches = 16;
    public const int DefaultBatch = 32;

    public static string Run(QuantizationSettings settings, TextWriter stderr)
    {
        var record = ModelRecord.FindFor(settings.WeightsPath);
        var (transform, source) = settings.Transform.Apply(record?.Record.EvalTransform.ToTransform(record.Value.Path), record?.Path, settings.WeightsPath);
        var data = TrainingData.Open(settings.DataPath, record?.Record.ValidationFraction, record?.Record.SplitSeed ?? 0, skipUnreadable: false);
        if (data.Train is not { Count: > 0 } train)
        {
            throw new UsageException($"--data: '{data.Path}' holds no training images to calibrate on; nothing was written to '{settings.OutputPath}'.");
        }

        using var model = TrainedModel.Load(settings.WeightsPath, record?.Record);
        TrainedModel.CheckClasses(model.NumClasses, record?.Record.Classes, data, settings.WeightsPath, stderr);
        var labels = record?.Record.Classes is { Length: > 0 } names ? names : data.Classes.ToArray();
        var options = new OnnxQuantizationOptions
        {
            Method = settings.Method,
            MaxCalibrationBatches = settings.CalibrationBatches,
            Export = new OnnxExportOptions { Preprocessing = transform.ToOnnx(), Labels = labels },
        };

        var loader = new DataLoader(train, transform.ToCompose(), new DataLoaderOptions { BatchSize = settings.Batch, Shuffle = true, Seed = 0, Workers = 1 });
        var quantized = model.QuantizeToOnnx(settings.OutputPath, Images(loader), options);

        var floatBytes = model.ToOnnxBytes(options.Export).Length;
        var images = System.Math.Min(train.Count, quantized.CalibrationBatches * settings.Batch);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"Quantized '{Path.GetFullPath(settings.WeightsPath)}' to {Path.GetFullPath(settings.OutputPath)}: int8 QDQ, ONNX opset 13, {model.NumClasses} classes; "
            + $"calibrated by {Describe(settings.Method)} on {quantized.CalibrationBatches} batches ({images} images) of the {data.KindName} train split of '{data.Path}' "
            + $"with the eval transform {transform} (from {source}); {quantized.Bytes.Length:N0} bytes, {(double)quantized.Bytes.Length / floatBytes:F2}x the float file.\n");
    }

    private static string Describe(CalibrationMethod method) => method switch
    {
        CalibrationMethod.MinMax => "min/max",
        CalibrationMethod.Percentile => $"percentile {OnnxQuantizationOptions.Default.Percentile.ToString(CultureInfo.InvariantCulture)}",
        _ => "entropy",
    };

    /// <summary>Each batch's images; the batch is disposed once the next is asked for (calibration copies out what it needs).</summary>
    private static IEnumerable<Tensor> Images(DataLoader loader)
    {
        foreach (var batch in loader.GetBatches(epoch: 0))
        {
            using (batch)
            {
                yield return batch.Images;
            }
        }
    }
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
