using System;
using System.Collections.Generic;
using System.Linq;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using ShuffleNet.Torch.Onnx.Format;
using ShuffleNet.Torch.Onnx.Quantization.Calibration;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Onnx.Quantization;

/// <summary>
/// Compares every quantized activation with the float network's on one batch: the float values come from forward
/// hooks on the folded TorchSharp network, the quantized ones from ONNX Runtime running the quantized model with each
/// stored activation added as a graph output (the integer kernels stay fused: a fused node's output may be a graph
/// output), dequantized with its scale and zero point.
/// </summary>
internal static class LayerErrorMeasurement
{
    private const string Output = "output";

    public static IReadOnlyList<LayerQuantizationError> Measure(FusedShuffleNetV2 model, byte[] quantizedModel, IReadOnlyList<QuantizedActivation> activations, QuantizedActivationType activationType, Tensor batch, int intraOpThreads)
    {
        var points = QuantizationPoints.Of(model).Select(p => p.Observation).Append(new ObservationPoint(Output, (Linear)model.named_children().Single(c => c.name == "fc").module)).ToList();
        var reference = new Dictionary<string, float[]>();
        ForwardObservation.Run(model, points, [batch], maxBatches: 1, "batch", (point, value) =>
            reference[point.Name] = value.detach().to(ScalarType.Float32, CPU).contiguous().data<float>().ToArray());

        var signed = activationType == QuantizedActivationType.S8;
        var proto = ModelProto.Parser.ParseFrom(quantizedModel);
        foreach (var activation in activations)
        {
            proto.Graph.Output.Add(OnnxValueInfos.TensorOfAnyShape(QuantizedGraphWriter.ValueName(activation.Name), signed ? TensorProto.Types.DataType.Int8 : TensorProto.Types.DataType.Uint8));
        }

        using var options = new SessionOptions { IntraOpNumThreads = intraOpThreads, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        using var session = new InferenceSession(proto.ToByteArray(), options);
        using var scope = NewDisposeScope();
        var input = batch.detach().to(ScalarType.Float32, CPU).contiguous();
        var inputValues = input.data<float>().ToArray();
        using var inputValue = OrtValue.CreateTensorValueFromMemory(inputValues, input.shape);
        var outputNames = activations.Select(a => QuantizedGraphWriter.ValueName(a.Name)).Prepend(ShuffleNetV2GraphWriter.OutputName).ToArray();
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, [ShuffleNetV2GraphWriter.InputName], [inputValue], outputNames);

        var errors = new List<LayerQuantizationError>(activations.Count + 1);
        for (var i = 0; i < activations.Count; i++)
        {
            var activation = activations[i];
            var values = signed ? Dequantize(outputs[i + 1].GetTensorDataAsSpan<sbyte>(), QuantizedActivation.SignedZeroPoint(activation.ZeroPoint), activation.Scale) : Dequantize(outputs[i + 1].GetTensorDataAsSpan<byte>(), activation.ZeroPoint, activation.Scale);

            errors.Add(Compare(activation.Name, activation.Scale, reference[activation.Name], values));
        }

        errors.Add(Compare(Output, null, reference[Output], outputs[0].GetTensorDataAsSpan<float>().ToArray()));
        return errors;
    }

    private static float[] Dequantize(ReadOnlySpan<byte> stored, int zeroPoint, float scale)
    {
        var values = new float[stored.Length];
        for (var j = 0; j < values.Length; j++)
        {
            values[j] = (stored[j] - zeroPoint) * scale;
        }

        return values;
    }

    private static float[] Dequantize(ReadOnlySpan<sbyte> stored, int zeroPoint, float scale)
    {
        var values = new float[stored.Length];
        for (var j = 0; j < values.Length; j++)
        {
            values[j] = (stored[j] - zeroPoint) * scale;
        }

        return values;
    }

    private static LayerQuantizationError Compare(string name, float? scale, float[] expected, float[] actual)
    {
        if (expected.Length != actual.Length)
        {
            throw new InvalidOperationException($"The quantized model's '{name}' holds {actual.Length} values, the float network's {expected.Length}.");
        }

        double maxReference = 0, maxError = 0, squaredError = 0, squaredReference = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            var difference = (double)actual[i] - expected[i];
            maxReference = Math.Max(maxReference, Math.Abs(expected[i]));
            maxError = Math.Max(maxError, Math.Abs(difference));
            squaredError += difference * difference;
            squaredReference += (double)expected[i] * expected[i];
        }

        var relative = squaredReference > 0 ? Math.Sqrt(squaredError / squaredReference) : (squaredError > 0 ? double.PositiveInfinity : 0);
        return new LayerQuantizationError(name, scale, maxReference, maxError, relative);
    }
}
