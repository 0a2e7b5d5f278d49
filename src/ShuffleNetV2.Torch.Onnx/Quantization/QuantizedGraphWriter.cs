using System;
using System.Collections.Generic;
using System.Linq;
using Onnx;
using ShuffleNet.Torch.Onnx.Format;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Onnx.Quantization;

/// <summary>
/// Writes a folded ShuffleNetV2 as a QDQ ONNX graph (opset 13) that ONNX Runtime runs with integer kernels. Every
/// convolution reads <c>DequantizeLinear</c> of a uint8 activation, of int8 weights (symmetric, one scale per output
/// channel) and of an int32 bias, and its output goes straight into <c>QuantizeLinear</c>: ONNX Runtime fuses each such
/// group into one <c>QLinearConv</c>. A ReLU is not written: the uint8 zero point of a ReLU's output is 0, so the
/// quantization's clamp at 0 is the ReLU. The concatenation is <c>DequantizeLinear</c> of both branches, <c>Concat</c>,
/// <c>QuantizeLinear</c> (fused to <c>QLinearConcat</c>); the pooling is <c>GlobalAveragePool</c> between a
/// <c>DequantizeLinear</c> and a <c>QuantizeLinear</c> (fused to <c>QLinearGlobalAveragePool</c>); <c>fc</c> is a
/// <c>Gemm</c> of dequantized inputs with a float output (fused to <c>QGemm</c>). The split, max pool, channel shuffle
/// and flatten (<c>Split</c>, <c>MaxPool</c>, <c>Gather</c>, <c>Flatten</c>) only move or pick values and run on the
/// uint8 tensors themselves.
/// </summary>
/// <remarks>
/// Layout: ONNX Runtime turns every <c>QLinearConv</c> channels-last (NHWC) when its input's rank is known, and removes
/// the transposes between consecutive channels-last nodes. The shuffle is therefore a <c>Gather</c> of channel planes
/// with constant indices (known rank; a reshape to a shape computed at run time would hide it), in NCHW, where it copies
/// whole planes: channels-last, it would move single bytes. What is left per unit is one transpose into and one out of
/// each branch.
/// <para>
/// A convolution kept in float (<see cref="OnnxQuantizationOptions.FloatLayers"/>) is a plain <c>Conv</c> with float
/// weights (and its <c>Relu</c>). Values stay float until a quantized layer reads them, which then quantizes them once
/// with the quantization calibrated for them; a float layer dequantizes what it reads. So with <c>conv1.0</c> in float,
/// the input, the first convolution and the max pool run in float and the first <c>QuantizeLinear</c> is the max pool's
/// output, stored as conv1's output would have been. A float ReLU followed by the max pool is written after it (the two
/// commute): ONNX Runtime moves a <c>QuantizeLinear</c> that reads a max pool to the pool's input, which would run the
/// pool on uint8 in NCHW, but not across a ReLU.
/// </para>
/// </remarks>
internal sealed class QuantizedGraphWriter
{
    private readonly OnnxGraphBuilder _graph = new("ShuffleNetV2Int8");
    private readonly IReadOnlyDictionary<string, QuantizedActivation> _activations;
    private readonly HashSet<string> _writtenParameters = [];
    private readonly Dictionary<string, QuantizedValue> _quantizedFloats = [];
    private readonly Dictionary<string, QuantizedValue> _settled = [];
    private readonly int _maxWeightLevel;
    private readonly QuantizedActivationType _activationType;
    private readonly HashSet<string> _floatLayers;

    private QuantizedGraphWriter(IReadOnlyDictionary<string, QuantizedActivation> activations, OnnxQuantizationOptions options)
    {
        _activations = activations;
        _maxWeightLevel = options.MaxWeightLevel;
        _activationType = options.ActivationType;
        _floatLayers = options.FloatLayers.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The name of the 8-bit value that holds <paramref name="activation"/> in the graph.</summary>
    public static string ValueName(string activation) => activation == QuantizationPoints.Input ? "input.quantized" : activation;

    /// <summary>The graph, and the activations it stores in 8 bits under <see cref="ValueName"/> (all but those of layers kept in float).</summary>
    public static (ModelProto Model, IReadOnlySet<string> Stored) Build(FusedShuffleNetV2 model, IReadOnlyDictionary<string, QuantizedActivation> activations, OnnxQuantizationOptions options, IEnumerable<StringStringEntryProto> extraMetadata)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("ONNX export writes little-endian weights and needs a little-endian machine.");
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var writer = new QuantizedGraphWriter(activations, options);
        var layers = model.named_children().ToDictionary(c => c.name, c => c.module);

        var x = new QuantizedValue(ShuffleNetV2GraphWriter.InputName, writer.Activation(QuantizationPoints.Input), Float: true);
        x = writer.Sequential("conv1", (Sequential)layers["conv1"], x);
        var pool = (MaxPool2d)layers["maxpool"];
        x = x with { Value = writer._graph.MaxPool("maxpool", x.Value, pool.kernel_size, pool.stride, Pads(pool.padding), pool.dilation, pool.ceil_mode) };
        x = writer.Settled(x);
        foreach (var (name, unit) in ((Sequential)layers["inverted_block"]).named_children())
        {
            x = writer.Unit($"inverted_block.{name}", (InvertedResidual)unit, x);
        }

        x = writer.Sequential("conv5", (Sequential)layers["conv5"], x);
        writer.Classifier(x, (Linear)layers["fc"]);

        var export = options.ExportOrDefault;
        var graph = writer._graph.Graph;
        var batch = OnnxValueInfos.Symbolic("batch");
        graph.Input.Add(OnnxValueInfos.Tensor(ShuffleNetV2GraphWriter.InputName, TensorProto.Types.DataType.Float, [
            batch,
            OnnxValueInfos.Fixed(3),
            export.InputHeight is { } height ? OnnxValueInfos.Fixed(height) : OnnxValueInfos.Symbolic("height"),
            export.InputWidth is { } width ? OnnxValueInfos.Fixed(width) : OnnxValueInfos.Symbolic("width"),
        ]));
        graph.Output.Add(OnnxValueInfos.Tensor(ShuffleNetV2GraphWriter.OutputName, TensorProto.Types.DataType.Float, [batch.Clone(), OnnxValueInfos.Fixed(model.NumClasses)]));

        var onnx = new ModelProto
        {
            IrVersion = ShuffleNetV2GraphWriter.IrVersion,
            ProducerName = "ShuffleNetV2.Torch.Onnx",
            ProducerVersion = typeof(QuantizedGraphWriter).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
            Graph = graph,
        };
        onnx.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = ShuffleNetV2GraphWriter.OpsetVersion });
        onnx.MetadataProps.AddRange(MetadataProps.Entries(export));
        onnx.MetadataProps.AddRange(extraMetadata);
        var outputs = graph.Node.SelectMany(n => n.Output).ToHashSet(StringComparer.Ordinal);
        return (onnx, activations.Keys.Where(a => outputs.Contains(ValueName(a))).ToHashSet(StringComparer.Ordinal));
    }

    private QuantizedValue Sequential(string path, Sequential sequential, QuantizedValue x) =>
        ConvGroup.In(sequential, path).Aggregate(x, (value, group) => _floatLayers.Contains(group.ConvPath) ? FloatConv(group, value) : Conv(group, value));

    private QuantizedValue Conv(ConvGroup group, QuantizedValue x)
    {
        var conv = group.Conv;
        var padding = CheckFolded(group);
        x = Quantized(x);
        var output = Activation(group.OutputName);
        if (group.HasRelu && output.ZeroPoint != 0)
        {
            throw new InvalidOperationException($"The ReLU output '{output.Name}' must have zero point 0 to be written as its quantization; it has {output.ZeroPoint}.");
        }

        var path = group.ConvPath;
        var (values, scales) = WeightQuantization.PerOutputChannel(conv.weight, _maxWeightLevel);
        var weight = _graph.DequantizeLinear(
            $"{path}.weight.dequantize",
            _graph.AddInt8Initializer($"{path}.weight", conv.weight.shape, values),
            _graph.AddFloatVector($"{path}.weight.scale", scales),
            _graph.AddInt8Initializer($"{path}.weight.zero_point", [scales.Length], new sbyte[scales.Length]),
            axis: 0);
        var bias = _graph.DequantizeLinear(
            $"{path}.bias.dequantize",
            _graph.AddInt32Vector($"{path}.bias", WeightQuantization.Bias(conv.bias!, x.Activation.Scale, scales)),
            _graph.AddFloatVector($"{path}.bias.scale", scales.Select(s => x.Activation.Scale * s).ToArray()),
            zeroPoint: null,
            axis: 0);
        var result = _graph.Conv(path, Dequantize(x, path), weight, bias, conv.kernel_size, conv.stride, Pads(padding), conv.dilation, conv.groups, output: $"{path}.output");
        return Quantize(group.OutputName, result, output);
    }

    /// <summary>The convolution with float weights and its ReLU, on the float (or dequantized) input; the output stays float.</summary>
    private QuantizedValue FloatConv(ConvGroup group, QuantizedValue x)
    {
        var conv = group.Conv;
        var padding = CheckFolded(group);
        var path = group.ConvPath;
        x = Settled(x);
        var input = x.Float ? x.Value : Dequantize(x, path);
        var weight = ShuffleNetV2GraphWriter.Weights(_graph, $"{path}.weight", conv.weight);
        var bias = ShuffleNetV2GraphWriter.Weights(_graph, $"{path}.bias", conv.bias!);
        var result = _graph.Conv(path, input, weight, bias, conv.kernel_size, conv.stride, Pads(padding), conv.dilation, conv.groups, output: $"{path}.output");
        return new QuantizedValue(result, Activation(group.OutputName), Float: true, PendingRelu: group.HasRelu ? group.OutputName : null);
    }

    /// <summary>Split (stride 1) or both branches on the whole input (stride 2), concatenation, channel shuffle with 2 groups.</summary>
    private QuantizedValue Unit(string path, InvertedResidual unit, QuantizedValue x)
    {
        var branches = unit.named_children().ToDictionary(c => c.name, c => (Sequential)c.module);
        QuantizedValue left, right;
        if (unit.Stride == 1)
        {
            x = Settled(x);
            var (first, second) = _graph.SplitInHalves($"{path}.split", x.Value, axis: 1);
            left = x with { Value = first };
            right = Sequential($"{path}.branch2", branches["branch2"], x with { Value = second });
        }
        else
        {
            left = Sequential($"{path}.branch1", branches["branch1"], x);
            right = Sequential($"{path}.branch2", branches["branch2"], x);
        }

        var concatPath = $"{path}.concat";
        var joined = _graph.Concat(concatPath, [Dequantize(Quantized(left), $"{concatPath}.0"), Dequantize(Quantized(right), $"{concatPath}.1")], axis: 1);
        var quantized = Quantize($"{concatPath}.quantized", joined, Activation(path));

        // The shuffle as a Gather of whole channel planes: output channel 2i + g is input channel g·C/2 + i.
        var half = unit.OutputChannels / 2;
        var order = Enumerable.Range(0, (int)unit.OutputChannels).Select(c => (c % 2 * half) + (c / 2)).ToArray();
        var indices = _graph.AddInt64Initializer($"{path}.shuffle.indices", order);
        return quantized with { Value = _graph.Gather($"{path}.shuffle", quantized.Value, indices, axis: 1, output: ValueName(path)) };
    }

    /// <summary>The mean over height and width in uint8, then <c>fc</c> with a float output.</summary>
    private void Classifier(QuantizedValue x, Linear fc)
    {
        var pooled = Quantize("mean.pooled", _graph.GlobalAveragePool("mean.pool", Dequantize(Quantized(x), "mean.pool")), Activation(QuantizationPoints.Mean));
        var mean = pooled with { Value = _graph.Flatten("mean.flatten", pooled.Value, axis: 1, output: ValueName(QuantizationPoints.Mean)) };

        var (values, scales) = WeightQuantization.PerOutputChannel(fc.weight, _maxWeightLevel);
        var weight = _graph.DequantizeLinear(
            "fc.weight.dequantize",
            _graph.AddInt8Initializer("fc.weight", fc.weight.shape, values),
            _graph.AddFloatVector("fc.weight.scale", scales),
            _graph.AddInt8Initializer("fc.weight.zero_point", [scales.Length], new sbyte[scales.Length]),
            axis: 0);
        var bias = _graph.DequantizeLinear(
            "fc.bias.dequantize",
            _graph.AddInt32Vector("fc.bias", WeightQuantization.Bias(fc.bias!, mean.Activation.Scale, scales)),
            _graph.AddFloatVector("fc.bias.scale", scales.Select(s => mean.Activation.Scale * s).ToArray()),
            zeroPoint: null,
            axis: 0);
        _graph.Gemm("fc", Dequantize(mean, "fc"), weight, bias, ShuffleNetV2GraphWriter.OutputName);
    }

    private static long[] CheckFolded(ConvGroup group) =>
        group.Conv.bias is not null && group.Conv.padding is { Length: 2 } padding
            ? padding
            : throw new NotSupportedException($"Quantization expects folded convolutions with a bias and numeric padding; '{group.ConvPath}' has neither.");

    /// <summary>
    /// <paramref name="x"/> itself when it is stored in 8 bits; a float value is quantized with the quantization
    /// calibrated for it, once however many quantized layers read it (the graph's input becomes <c>input.quantized</c>).
    /// </summary>
    private QuantizedValue Quantized(QuantizedValue x)
    {
        x = Settled(x);
        if (!x.Float)
        {
            return x;
        }

        if (!_quantizedFloats.TryGetValue(x.Value, out var quantized))
        {
            var (scale, zeroPoint) = Parameters(x.Activation);
            quantized = new QuantizedValue(_graph.QuantizeLinear($"{x.Value}.quantize", x.Value, scale, zeroPoint, $"{x.Value}.quantized"), x.Activation);
            _quantizedFloats[x.Value] = quantized;
        }

        return quantized;
    }

    /// <summary><paramref name="x"/> with its ReLU written, if one is still to come (once however many layers read it).</summary>
    private QuantizedValue Settled(QuantizedValue x)
    {
        if (x.PendingRelu is not { } relu)
        {
            return x;
        }

        if (!_settled.TryGetValue(x.Value, out var settled))
        {
            settled = x with { Value = _graph.Relu(relu, x.Value, output: $"{relu}.float"), PendingRelu = null };
            _settled[x.Value] = settled;
        }

        return settled;
    }

    private QuantizedActivation Activation(string name) =>
        _activations.TryGetValue(name, out var activation) ? activation : throw new InvalidOperationException($"No calibrated range for the activation '{name}'.");

    private (string Scale, string ZeroPoint) Parameters(QuantizedActivation activation)
    {
        var scale = $"{activation.Name}.scale";
        var zeroPoint = $"{activation.Name}.zero_point";
        if (_writtenParameters.Add(activation.Name))
        {
            _graph.AddFloatScalar(scale, activation.Scale);
            if (_activationType == QuantizedActivationType.S8)
            {
                _graph.AddInt8Scalar(zeroPoint, QuantizedActivation.SignedZeroPoint(activation.ZeroPoint));
            }
            else
            {
                _graph.AddUInt8Scalar(zeroPoint, activation.ZeroPoint);
            }
        }

        return (scale, zeroPoint);
    }

    private string Dequantize(QuantizedValue x, string consumer)
    {
        var (scale, zeroPoint) = Parameters(x.Activation);
        return _graph.DequantizeLinear($"{consumer}.dequantize_input", x.Value, scale, zeroPoint, output: $"{consumer}.input");
    }

    private QuantizedValue Quantize(string valueName, string x, QuantizedActivation activation)
    {
        var (scale, zeroPoint) = Parameters(activation);
        return new QuantizedValue(_graph.QuantizeLinear($"{valueName}.quantize", x, scale, zeroPoint, ValueName(valueName)), activation);
    }

    // ONNX pads list the starts of every spatial axis, then the ends: [top, left, bottom, right].
    private static long[] Pads(long[] padding) => [padding[0], padding[1], padding[0], padding[1]];

    /// <summary>
    /// A value of the graph and the quantization it is stored with; when <paramref name="Float"/>, a float value and the
    /// quantization it gets if a quantized layer reads it. <paramref name="PendingRelu"/> names a float ReLU not yet
    /// written: a max pool may come first.
    /// </summary>
    private readonly record struct QuantizedValue(string Value, QuantizedActivation Activation, bool Float = false, string? PendingRelu = null);
}
