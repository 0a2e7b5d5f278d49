using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace ShuffleNet.Torch.Onnx.Quantization;

/// <summary>Choices for <see cref="OnnxQuantization"/>.</summary>
public sealed class OnnxQuantizationOptions
{
    /// <summary>The defaults: see each property.</summary>
    public static OnnxQuantizationOptions Default { get; } = new();

    /// <summary>
    /// How each activation's range is chosen from the calibration pass; <see cref="CalibrationMethod.Percentile"/> by
    /// default (see the package's README for the measurements behind the choice).
    /// </summary>
    public CalibrationMethod Method { get; init; } = CalibrationMethod.Percentile;

    /// <summary>
    /// For <see cref="CalibrationMethod.Percentile"/>: the percentage of values each range keeps below its upper end
    /// (and above its lower end), above 50 and at most 100; 99.99 by default. 100 keeps everything, as
    /// <see cref="CalibrationMethod.MinMax"/> does (to one histogram bin).
    /// </summary>
    public double Percentile { get; init; } = 99.99;

    /// <summary>
    /// The number of calibration batches to use at most; the rest of the sequence is not read. <see langword="null"/>
    /// (default) uses every batch given.
    /// </summary>
    public int? MaxCalibrationBatches { get; init; }

    /// <summary>
    /// Whether weights use 7 bits ([−64, 64]) instead of 8 ([−127, 127]); <see langword="true"/> by default. ONNX
    /// Runtime's uint8 × int8 kernels on x86 CPUs without VNNI (AVX2, and AVX-512 without VNNI) add pairs of products in
    /// 16 bits with saturation: with 8-bit weights two large products overflow and the result is silently wrong; with
    /// 7-bit weights no pair can (255 · 64 · 2 &lt; 32768). Set <see langword="false"/> only for machines with VNNI or
    /// ARM's dot-product instructions, where the extra bit is free.
    /// </summary>
    public bool ReduceWeightRange { get; init; } = true;

    /// <summary>
    /// The element type of the stored activations; <see cref="QuantizedActivationType.U8"/> by default (see
    /// <see cref="QuantizedActivationType"/> for where each runs on integer kernels).
    /// </summary>
    public QuantizedActivationType ActivationType { get; init; } = QuantizedActivationType.U8;

    /// <summary>
    /// The convolutions to keep in float, by module path as in the network's state_dict keys (<c>conv1.0</c>,
    /// <c>inverted_block.3.branch2.5</c>, <c>conv5.0</c>); none by default. A float convolution keeps its ReLU; the
    /// values stay float until a quantized layer reads them. <c>["conv1.0"]</c> keeps the stem in float: the first
    /// convolution (3 input channels, which integer kernels handle poorly) and the max pool after it.
    /// </summary>
    public IReadOnlyList<string> FloatLayers { get; init; } = [];

    /// <summary>
    /// The stem's convolution, as <see cref="FloatLayers"/> names it: <c>FloatLayers = [StemConvolution]</c> keeps the
    /// first convolution and the max pool in float, which ONNX Runtime's x86 kernels run faster than their int8 forms
    /// (BENCHMARKS.md, the speed levers) at the same accuracy and file size.
    /// </summary>
    public const string StemConvolution = "conv1.0";

    /// <summary>
    /// The fixed input size, evaluation transform and labels recorded in the file, as for the float export;
    /// <see langword="null"/> (default) for <see cref="OnnxExportOptions.Default"/>.
    /// </summary>
    public OnnxExportOptions? Export { get; init; }

    internal OnnxExportOptions ExportOrDefault => Export ?? OnnxExportOptions.Default;

    internal int MaxWeightLevel => ReduceWeightRange ? 64 : 127;

    internal void Validate(string paramName, long numClasses)
    {
        if (!Enum.IsDefined(Method))
        {
            throw new ArgumentOutOfRangeException(paramName, Method, $"Method {Method} is not a CalibrationMethod.");
        }

        if (!Enum.IsDefined(ActivationType))
        {
            throw new ArgumentOutOfRangeException(paramName, ActivationType, $"ActivationType {ActivationType} is not a QuantizedActivationType.");
        }

        if (!(Percentile > 50 && Percentile <= 100))
        {
            throw new ArgumentOutOfRangeException(paramName, Percentile, $"Percentile must be above 50 and at most 100, got {Percentile.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (MaxCalibrationBatches is < 1)
        {
            throw new ArgumentOutOfRangeException(paramName, MaxCalibrationBatches, $"MaxCalibrationBatches must be at least 1 (or null for all batches), got {MaxCalibrationBatches}.");
        }

        ExportOrDefault.Validate(paramName, numClasses);
    }

    /// <summary>Checks that <see cref="FloatLayers"/> names convolutions among <paramref name="convolutions"/> (the network's, in forward order).</summary>
    internal void ValidateFloatLayers(string paramName, IReadOnlyList<string> convolutions)
    {
        if (FloatLayers is null)
        {
            throw new ArgumentException("FloatLayers is null; leave it empty to quantize every convolution.", paramName);
        }

        foreach (var name in FloatLayers)
        {
            if (name is null || !convolutions.Contains(name, StringComparer.Ordinal))
            {
                throw new ArgumentException(
                    $"FloatLayers names '{name ?? "null"}', which is not a convolution of this network; convolutions go by module path, from {convolutions[0]} to {convolutions[^1]} (such as {convolutions[Math.Min(1, convolutions.Count - 1)]}).",
                    paramName);
            }
        }
    }
}
