using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using ShuffleNet.Torch;
using ShuffleNet.Torch.Onnx;
using ShuffleNet.Torch.Onnx.Quantization;
using ShuffleNet.Torch.Measurement.Engines;
using TorchCheckpoints.Hub;
using TorchTraining.Datasets;
using TorchTraining.Loading;
using TorchTraining.Transforms;
using static TorchSharp.torch;

/// <summary>
/// A model trained on IDX data (the sample's train run: model.pth and model.onnx): the float ONNX file's and each
/// calibration method's int8 top-1 on the whole test split, with the eval transform the float file records;
/// calibration on random batches of the train split (seed 0), as the sample's quantize draws them; then the per-layer
/// error of the default method's model on the first test batch.
/// </summary>
internal static class Trained
{
    public static void Run(Settings settings)
    {
        var weights = settings.Weights ?? throw new ArgumentException("trained needs --weights FILE (the run's model.pth).");
        var floatPath = settings.Onnx ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(weights))!, "model.onnx");
        var data = settings.Data ?? throw new ArgumentException("trained needs --data DIR (the IDX folder the model was trained on).");
        using var network = ShuffleNetV2.FromWeights(weights);
        network.eval();
        ImageClassificationTransform preprocessing;
        IReadOnlyList<string>? labels;
        using (var probe = OnnxImageClassifier.Load(floatPath, settings.Threads))
        {
            preprocessing = probe.Preprocessing ?? throw new ArgumentException($"'{floatPath}' records no eval transform.");
            labels = probe.Labels;
        }

        var transform = Compose.ForEvaluation(preprocessing);
        var train = IdxDataset.Open(data, IdxSplit.Train);
        var test = IdxDataset.Open(data, IdxSplit.Test);
        Console.WriteLine($"model {Path.GetFullPath(weights)} ({network.NumClasses} classes), float file {Path.GetFullPath(floatPath)} ({new FileInfo(floatPath).Length:N0} bytes); eval transform {preprocessing}");
        Console.WriteLine($"data {Path.GetFullPath(data)}: calibration on {settings.CalibrationBatches} random batches of {settings.CalibrationBatchSize} of the {train.Count:N0} train images (seed 0); test on all {test.Count:N0} test images");

        var floatTop1 = Top1(OnnxRuntimeEngine.Load(floatPath, settings.Threads), test, transform);
        Console.WriteLine();
        Console.WriteLine("| model | test top-1 | minus float (points) | file bytes | file / float | calibration + quantization s |");
        Console.WriteLine("|---|---|---|---|---|---|");
        Console.WriteLine($"| float ONNX Runtime | {floatTop1:P2} | - | {new FileInfo(floatPath).Length:N0} | 1.000 | - |");
        QuantizedOnnxModel? defaultModel = null;
        foreach (var method in new[] { CalibrationMethod.MinMax, CalibrationMethod.Percentile, CalibrationMethod.Entropy })
        {
            var options = new OnnxQuantizationOptions
            {
                Method = method,
                MaxCalibrationBatches = settings.CalibrationBatches,
                ReduceWeightRange = settings.ReduceWeightRange,
                ActivationType = settings.ActivationType,
                FloatLayers = settings.FloatLayers,
                Export = new OnnxExportOptions { Preprocessing = preprocessing, Labels = labels },
            };
            var loader = new DataLoader(train, transform, new DataLoaderOptions { BatchSize = settings.CalibrationBatchSize, Shuffle = true, Seed = 0, Workers = 1 });
            var start = Stopwatch.GetTimestamp();
            var quantized = network.QuantizeForOnnx(Images(loader), options);
            var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            var top1 = Top1(Int8Engine(quantized, settings), test, transform);
            var name = method == OnnxQuantizationOptions.Default.Method ? $"int8 {method} (default)" : $"int8 {method}";
            Console.WriteLine($"| {name} | {top1:P2} | {(top1 - floatTop1) * 100:+0.00;-0.00} | {quantized.Bytes.Length:N0} | {(double)quantized.Bytes.Length / new FileInfo(floatPath).Length:F3} | {seconds:F1} |");
            if (method == OnnxQuantizationOptions.Default.Method)
            {
                defaultModel = quantized;
            }
        }

        using var scope = NewDisposeScope();
        var firstBatch = new DataLoader(test, transform, new DataLoaderOptions { BatchSize = 64, Workers = 0 }).GetBatches(0).First();
        Console.WriteLine();
        Console.WriteLine($"per-layer error of the default ({OnnxQuantizationOptions.Default.Method}) int8 model against the float network on the first 64 test images:");
        Console.WriteLine($"  {"activation",-34} {"scale",10} {"max|float|",10} {"max|err|",10} {"rel.err",8}");
        foreach (var error in defaultModel!.MeasureLayerErrors(network, firstBatch.Images, settings.Threads))
        {
            Console.WriteLine($"  {error.Name,-34} {error.Scale?.ToString("G4", CultureInfo.InvariantCulture) ?? "-",10} {error.MaxAbsReference,10:G4} {error.MaxAbsError,10:G4} {error.RelativeError,8:P2}");
        }

        firstBatch.Dispose();
    }

    private static double Top1(IEngine engine, IdxDataset test, Compose transform)
    {
        using (engine)
        {
            var correct = 0L;
            foreach (var batch in new DataLoader(test, transform, new DataLoaderOptions { BatchSize = 256, Workers = 1 }).GetBatches(0))
            {
                using (batch)
                using (var scope = NewDisposeScope())
                {
                    correct += engine.Classify(batch.Images)!.argmax(1).eq(batch.Labels).sum().item<long>();
                }
            }

            return (double)correct / test.Count;
        }
    }

    // The library's session, unless the run asks for another optimization level (then through a file beside the others).
    private static IEngine Int8Engine(QuantizedOnnxModel quantized, Settings settings)
    {
        if (settings.Int8Optimization is not { } level)
        {
            return OnnxRuntimeEngine.Of(quantized.Open(settings.Threads));
        }

        var path = Path.Combine(settings.OutputDirectory, "trained.int8.onnx");
        quantized.Save(path);
        return new OptimizationLevelEngine(path, settings.Threads, level);
    }

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
