// Ship a trained model: export it to ONNX, quantize it to int8, and serve both files with ONNX Runtime (no TorchSharp
// network at serving time). The model card travels in each file's metadata, so the served model prepares images and
// names classes as the trained one did.
//
//   dotnet run -c Release --project samples/OnnxServe -- runs/fashion /usr/share/datasets/fashion-mnist shoe.png out/
using System;
using System.Globalization;
using System.IO;
using ShuffleNet.Torch.Classifier;
using ShuffleNet.Torch.Onnx.Quantization;

if (args.Length != 4)
{
    Console.Error.WriteLine("usage: OnnxServe MODEL DATA_FOLDER IMAGE OUTPUT_FOLDER   (MODEL: a run folder, model.pth or a checkpoint)");
    return 2;
}

var (model, data, image, output) = (args[0], args[1], args[2], Directory.CreateDirectory(args[3]).FullName);
var floatFile = Path.Combine(output, "model.onnx");
var int8File = Path.Combine(output, "model.int8.onnx");

// 1. The trained model and its card.
using (var trained = ShuffleNetV2Classifier.Load(model))
{
    // 2. Export: ONNX opset 13, BatchNorm folded into the convolutions, the card in the metadata.
    trained.ExportOnnx(floatFile);

    // 3. Quantize: int8 weights, uint8 activations calibrated on a few batches of the data's training images.
    var quantized = trained.Quantize(int8File, data, new OnnxQuantizationOptions { MaxCalibrationBatches = 4 }, batchSize: 16);
    Console.WriteLine($"calibrated on {quantized.CalibrationImages} images by {quantized.Method}");
}

// 4. Serve: each file opens with ONNX Runtime and its card; classify the image with both.
foreach (var file in new[] { floatFile, int8File })
{
    using var served = ShuffleNetV2Classifier.Load(file, new ClassifierLoadOptions { OnnxThreads = 1 });
    var best = served.Classify(image, top: 1)[0];
    var size = new FileInfo(file).Length.ToString("N0", CultureInfo.InvariantCulture);
    Console.WriteLine($"{Path.GetFileName(file)} ({size} bytes, {served.Engine}): {best.Label ?? $"class {best.Index}"} {best.Probability.ToString("P1", CultureInfo.InvariantCulture)}");
}

return 0;
