using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Google.Protobuf;
using Onnx;
using ShuffleNet.Torch.Onnx.Quantization.Calibration;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Onnx.Quantization;

/// <summary>
/// Post-training int8 quantization of a ShuffleNetV2 to an ONNX model that ONNX Runtime runs with integer kernels,
/// from C#: BatchNorm folded, each convolution (with its ReLU, grouped as torchvision's
/// <c>QuantizableShuffleNetV2.fuse_model</c> does) and <c>fc</c> with int8 weights, symmetric, one scale per output
/// channel; every activation in uint8 with one scale and zero point per tensor, from a calibration pass over batches
/// of images; the concatenation, channel shuffle and pooling kept in uint8. The file is a QDQ model
/// (<c>QuantizeLinear</c>/<c>DequantizeLinear</c>, opset 13) with the same input, output and metadata as the float
/// export (<see cref="OnnxExport"/>), and opens with <see cref="OnnxImageClassifier.Load"/>.
/// </summary>
/// <remarks>
/// Calibration runs the network's eval-mode forward on each batch with forward hooks on the folded layers, so any
/// batch size and image size may be used; the scales are per tensor and do not depend on the image size, so the
/// quantized model accepts any size as the float export does (keep the calibration images like the ones it will see).
/// </remarks>
public static class OnnxQuantization
{
    /// <summary>Calibrates and quantizes <paramref name="model"/>; nothing is written.</summary>
    /// <param name="model">
    /// A <see cref="ShuffleNetV2"/> in eval mode (its BatchNorms are folded into a temporary copy; it is left unchanged)
    /// or a <see cref="FusedShuffleNetV2"/>.
    /// </param>
    /// <param name="calibrationBatches">
    /// Batches of images [batch, 3, height, width] on the network's device, preprocessed as for inference; read once,
    /// up to <see cref="OnnxQuantizationOptions.MaxCalibrationBatches"/>. They are not disposed.
    /// </param>
    /// <param name="options">The method and its settings; <see langword="null"/> for <see cref="OnnxQuantizationOptions.Default"/>.</param>
    /// <returns>The quantized model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> or <paramref name="calibrationBatches"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="calibrationBatches"/> is empty, holds a null batch or one the network refuses (the message says
    /// which and why), or yields a value that is not finite; or <paramref name="model"/> is in training mode; or the
    /// export options in <paramref name="options"/> are inconsistent.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting in <paramref name="options"/> is out of range.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="model"/> has been disposed.</exception>
    public static QuantizedOnnxModel QuantizeForOnnx(this ShuffleNetV2Base model, IEnumerable<Tensor> calibrationBatches, OnnxQuantizationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(calibrationBatches);
        options ??= OnnxQuantizationOptions.Default;
        return WithFolded(model, nameof(model), fused =>
        {
            options.Validate(nameof(options), fused.NumClasses);
            options.ValidateFloatLayers(nameof(options), fused.named_modules().Where(m => m.module is Conv2d).Select(m => m.name).ToList());
            return Quantize(fused, calibrationBatches, options);
        });
    }

    /// <summary>
    /// Calibrates and quantizes <paramref name="model"/> and writes the ONNX file, replacing any file at
    /// <paramref name="path"/> only once the model is complete (through a temporary file beside it): when calibration
    /// fails, nothing is written.
    /// </summary>
    /// <param name="model">As for <see cref="QuantizeForOnnx"/>.</param>
    /// <param name="path">The file to write.</param>
    /// <param name="calibrationBatches">As for <see cref="QuantizeForOnnx"/>.</param>
    /// <param name="options">As for <see cref="QuantizeForOnnx"/>.</param>
    /// <returns>The quantized model that was written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/>, <paramref name="path"/> or <paramref name="calibrationBatches"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or blank, or as for <see cref="QuantizeForOnnx"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">As for <see cref="QuantizeForOnnx"/>.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="model"/> has been disposed.</exception>
    /// <exception cref="IOException">The file cannot be written; the message names it.</exception>
    public static QuantizedOnnxModel QuantizeToOnnx(this ShuffleNetV2Base model, string path, IEnumerable<Tensor> calibrationBatches, OnnxQuantizationOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var quantized = model.QuantizeForOnnx(calibrationBatches, options);
        quantized.Save(path);
        return quantized;
    }

    /// <summary>Runs <paramref name="work"/> on the folded form of <paramref name="model"/> (a temporary copy for a <see cref="ShuffleNetV2"/>).</summary>
    internal static T WithFolded<T>(ShuffleNetV2Base model, string paramName, Func<FusedShuffleNetV2, T> work)
    {
        ArgumentNullException.ThrowIfNull(model, paramName);
        ObjectDisposedException.ThrowIf(model.IsDisposed, model);
        if (model.training)
        {
            throw new ArgumentException(
                $"The {model.GetType().Name} is in training mode; call eval() on it first (quantization runs the eval-mode forward, with BatchNorm's running statistics).",
                paramName);
        }

        switch (model)
        {
            case FusedShuffleNetV2 fused:
                return work(fused);
            case ShuffleNetV2 trainable:
                using (var folded = trainable.FuseForInference())
                {
                    return work(folded);
                }

            default:
                throw new ArgumentException($"Quantization supports ShuffleNetV2 and FusedShuffleNetV2, not {model.GetType().Name}.", paramName);
        }
    }

    private static QuantizedOnnxModel Quantize(FusedShuffleNetV2 model, IEnumerable<Tensor> calibrationBatches, OnnxQuantizationOptions options)
    {
        var points = QuantizationPoints.Of(model);
        var observers = points.ToDictionary(p => p.Name, p => new RangeObserver(p.Name, keepHistogram: options.Method != CalibrationMethod.MinMax));
        var (batches, images) = ForwardObservation.Run(model, points.Select(p => p.Observation).ToList(), calibrationBatches, options.MaxCalibrationBatches, nameof(calibrationBatches), (point, value) => observers[point.Name].Observe(value));
        if (batches == 0)
        {
            throw new ArgumentException("calibrationBatches is empty: calibration needs at least one batch of images [batch, 3, height, width].", nameof(calibrationBatches));
        }

        // Activations stored alike share the union of their ranges.
        var ranges = points.GroupBy(p => p.StoredAs).ToDictionary(
            g => g.Key,
            g => g.Select(p => observers[p.Name].Range(options.Method, options.Percentile)).Aggregate((a, b) => (Math.Min(a.Low, b.Low), Math.Max(a.High, b.High))));
        var activations = points.Select(p =>
        {
            var observer = observers[p.Name];
            var (low, high) = ranges[p.StoredAs];
            return QuantizedActivation.FromRange(p.Name, observer.Min, observer.Max, low, high);
        }).ToList();

        var metadata = new[]
        {
            new StringStringEntryProto { Key = "quantization.method", Value = Describe(options) },
            new StringStringEntryProto { Key = "quantization.calibration_batches", Value = batches.ToString(CultureInfo.InvariantCulture) },
        };
        var (proto, stored) = QuantizedGraphWriter.Build(model, activations.ToDictionary(a => a.Name), options, metadata);
        return new QuantizedOnnxModel(proto.ToByteArray(), activations.AsReadOnly(), stored, options.Method, options.ActivationType, options.FloatLayers, batches, images);
    }

    private static string Describe(OnnxQuantizationOptions options) =>
        (options.Method == CalibrationMethod.Percentile
            ? $"percentile {options.Percentile.ToString(CultureInfo.InvariantCulture)}"
            : options.Method == CalibrationMethod.Entropy ? "entropy" : "minmax")
        + $"; {(options.ActivationType == QuantizedActivationType.S8 ? "int8" : "uint8")} activations per tensor; int8 symmetric weights per output channel in [-{options.MaxWeightLevel}, {options.MaxWeightLevel}]"
        + (options.FloatLayers.Count > 0 ? $"; in float: {string.Join(", ", options.FloatLayers)}" : string.Empty);
}
