using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ShuffleNet.Torch.Onnx.Format;
using TorchCheckpoints;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Onnx.Quantization;

/// <summary>
/// An int8 ONNX model made by <see cref="OnnxQuantization"/>: the serialised file and how each activation is stored.
/// Save it, open it with ONNX Runtime, or compare it layer by layer with the float network.
/// </summary>
public sealed class QuantizedOnnxModel
{
    private readonly byte[] _bytes;
    private readonly IReadOnlySet<string> _stored;

    internal QuantizedOnnxModel(byte[] bytes, IReadOnlyList<QuantizedActivation> activations, IReadOnlySet<string> stored, CalibrationMethod method, QuantizedActivationType activationType, IReadOnlyList<string> floatLayers, int calibrationBatches, long calibrationImages)
    {
        _bytes = bytes;
        Activations = activations;
        _stored = stored;
        Method = method;
        ActivationType = activationType;
        FloatLayers = floatLayers;
        CalibrationBatches = calibrationBatches;
        CalibrationImages = calibrationImages;
    }

    /// <summary>The ONNX file's content (a serialised <c>ModelProto</c>).</summary>
    public ReadOnlyMemory<byte> Bytes => _bytes;

    /// <summary>
    /// Every activation that was calibrated, in forward order, with its range, scale and zero point: each one the graph
    /// stores in 8 bits, and those of layers kept in float (<see cref="OnnxQuantizationOptions.FloatLayers"/>), whose
    /// quantization is used where a quantized layer reads their values.
    /// </summary>
    public IReadOnlyList<QuantizedActivation> Activations { get; }

    /// <summary>The calibration method the ranges come from.</summary>
    public CalibrationMethod Method { get; }

    /// <summary>The element type the activations are stored in.</summary>
    public QuantizedActivationType ActivationType { get; }

    /// <summary>The convolutions kept in float (<see cref="OnnxQuantizationOptions.FloatLayers"/>); empty when every one is int8.</summary>
    public IReadOnlyList<string> FloatLayers { get; }

    /// <summary>The number of calibration batches that were run.</summary>
    public int CalibrationBatches { get; }

    /// <summary>The number of images in the calibration batches that were run (the last batch may hold fewer than the others).</summary>
    public long CalibrationImages { get; }

    /// <summary>Writes the ONNX file, replacing any file at <paramref name="path"/>: a temporary file beside it is renamed over it, so an earlier file is never left half-written.</summary>
    /// <param name="path">The file to write.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or blank.</exception>
    /// <exception cref="IOException">The file cannot be written; the message names it.</exception>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        try
        {
            CheckpointWriter.WriteAtomically(Path.GetFullPath(path), stream => stream.Write(_bytes));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new IOException($"Cannot write the ONNX file '{path}': {e.Message}", e);
        }
    }

    /// <summary>Opens the model with ONNX Runtime, in memory.</summary>
    /// <param name="intraOpThreads">Threads inside one operator (0: ONNX Runtime's default).</param>
    /// <param name="allowSpinning">As for <see cref="OnnxImageClassifier.Load"/>.</param>
    /// <returns>A session that takes float images and returns float logits.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="intraOpThreads"/> is negative.</exception>
    public OnnxImageClassifier Open(int intraOpThreads = 0, bool allowSpinning = true) =>
        OnnxImageClassifier.FromBytes(_bytes, "the quantized model", intraOpThreads, allowSpinning);

    /// <summary>
    /// How many nodes of each operator ONNX Runtime runs after optimizing the graph for this machine's CPU, keyed
    /// <c>domain.Operator</c> (<c>com.microsoft.QLinearConv</c>; no prefix for the default domain). A convolution left
    /// in float shows up as <c>Conv</c>.
    /// </summary>
    /// <param name="intraOpThreads">Threads for the session (0: ONNX Runtime's default).</param>
    /// <returns>Operator counts, by name.</returns>
    public IReadOnlyDictionary<string, int> RuntimeOperatorCounts(int intraOpThreads = 1) => OptimizedGraph.OperatorCounts(_bytes, intraOpThreads);

    /// <summary>
    /// Runs one batch through the float network and through this model in ONNX Runtime, and reports for each quantized
    /// activation, and for the logits, how far the dequantized value lies from the float one.
    /// </summary>
    /// <param name="model">The network this model was made from (its BatchNorms are folded into a temporary copy).</param>
    /// <param name="batch">Images [batch, 3, height, width], float, on the CPU.</param>
    /// <param name="intraOpThreads">Threads for ONNX Runtime (0: its default).</param>
    /// <returns>One entry per activation the graph stores in 8 bits, in forward order, then <c>output</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> or <paramref name="batch"/> is null.</exception>
    /// <exception cref="ArgumentException">The network refuses the batch, or is in training mode, or has another number of classes.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="model"/> has been disposed.</exception>
    public IReadOnlyList<LayerQuantizationError> MeasureLayerErrors(ShuffleNetV2Base model, Tensor batch, int intraOpThreads = 0)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentOutOfRangeException.ThrowIfNegative(intraOpThreads);
        return OnnxQuantization.WithFolded(model, nameof(model), fused => LayerErrorMeasurement.Measure(fused, _bytes, Activations.Where(a => _stored.Contains(a.Name)).ToList(), ActivationType, batch, intraOpThreads));
    }
}
