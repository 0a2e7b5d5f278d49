using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using ShuffleNet.Torch.Onnx.Format;
using TorchCheckpoints;
using TorchCheckpoints.Hub;
using TorchShared;
using TensorElementType = Microsoft.ML.OnnxRuntime.Tensors.TensorElementType;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Onnx;

/// <summary>
/// An image classifier run by ONNX Runtime on the CPU: a file written by <see cref="OnnxExport"/>, or any ONNX model
/// with one float input [batch, 3, height, width] and one float output [batch, classes] (such as PyTorch's export of
/// torchvision's ShuffleNetV2). Takes and returns TorchSharp tensors or float arrays. Safe to call from several
/// threads at once; dispose it to free the session.
/// </summary>
public sealed class OnnxImageClassifier : IDisposable
{
    private const int InputChannels = 3;
    private const string IntraOpSpinningKey = "session.intra_op.allow_spinning";

    private readonly InferenceSession _session;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private bool _disposed;

    private OnnxImageClassifier(InferenceSession session, int intraOpThreads, bool allowSpinning)
    {
        _session = session;
        IntraOpThreads = intraOpThreads;
        AllowSpinning = allowSpinning;
        try
        {
            var (inputName, input) = Single(session.InputMetadata, "input");
            var (outputName, output) = Single(session.OutputMetadata, "output");
            if (!input.IsTensor || input.ElementDataType != TensorElementType.Float || input.Dimensions.Length != 4 || (input.Dimensions[1] != InputChannels && input.Dimensions[1] != -1))
            {
                throw new InvalidDataException($"The model's input '{inputName}' must be a float tensor [batch, 3, height, width], but is {Describe(input)}.");
            }

            if (!output.IsTensor || output.ElementDataType != TensorElementType.Float || output.Dimensions.Length != 2)
            {
                throw new InvalidDataException($"The model's output '{outputName}' must be a float tensor [batch, classes], but is {Describe(output)}.");
            }

            _inputNames = [inputName];
            _outputNames = [outputName];
            InputName = inputName;
            OutputName = outputName;
            InputHeight = input.Dimensions[2] > 0 ? input.Dimensions[2] : null;
            InputWidth = input.Dimensions[3] > 0 ? input.Dimensions[3] : null;
            NumClasses = output.Dimensions[1] > 0 ? output.Dimensions[1] : null;
            var metadata = session.ModelMetadata.CustomMetadataMap;
            Preprocessing = MetadataProps.ReadPreprocessing(metadata);
            Labels = MetadataProps.ReadLabels(metadata);
            Card = MetadataProps.ReadCard(metadata);
            if (Labels is not null && NumClasses is { } classes && Labels.Count != classes)
            {
                throw new InvalidDataException($"The model's metadata '{MetadataProps.LabelsKey}' has {Labels.Count} labels, but the model has {classes} classes.");
            }
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>The name of the model's input.</summary>
    public string InputName { get; }

    /// <summary>The name of the model's output.</summary>
    public string OutputName { get; }

    /// <summary>The input height the model was exported for, or <see langword="null"/> when any height is accepted.</summary>
    public int? InputHeight { get; }

    /// <summary>The input width the model was exported for, or <see langword="null"/> when any width is accepted.</summary>
    public int? InputWidth { get; }

    /// <summary>The number of classes, or <see langword="null"/> when the model leaves it dynamic.</summary>
    public int? NumClasses { get; }

    /// <summary>
    /// The evaluation transform recorded in the model's metadata (see <see cref="OnnxExportOptions.Preprocessing"/> for the
    /// keys), or <see langword="null"/> when the model records none (such as a file written by PyTorch).
    /// </summary>
    public ImageClassificationTransform? Preprocessing { get; }

    /// <summary>
    /// The model card recorded in the model's metadata (key <c>model_card</c>, see <see cref="OnnxExportOptions.Card"/>),
    /// or <see langword="null"/> when the model records none.
    /// </summary>
    public ModelCard? Card { get; }

    /// <summary>
    /// The class names recorded in the model's metadata (key <c>labels</c>, see <see cref="OnnxExportOptions.Labels"/>),
    /// one per class in output order, or <see langword="null"/> when the model records none.
    /// </summary>
    public IReadOnlyList<string>? Labels { get; }

    /// <summary>The threads ONNX Runtime uses inside one operator; 0 lets ONNX Runtime choose (one per physical core).</summary>
    public int IntraOpThreads { get; }

    /// <summary>
    /// Whether ONNX Runtime's intra-op threads spin-wait for more work after each run (ONNX Runtime's default).
    /// Spinning gives the lowest latency for back-to-back runs but keeps those threads busy for a while after each
    /// run, taking CPU from whatever the process or the machine does next.
    /// </summary>
    public bool AllowSpinning { get; }

    /// <summary>Opens an ONNX file.</summary>
    /// <param name="path">The model file.</param>
    /// <param name="intraOpThreads">Threads inside one operator (0: ONNX Runtime's default); operators run one at a time.</param>
    /// <param name="allowSpinning">
    /// <see langword="true"/> (ONNX Runtime's default) lets the intra-op threads spin-wait for work after each run;
    /// <see langword="false"/> makes them sleep at once (ONNX Runtime's <c>session.intra_op.allow_spinning</c> = 0),
    /// which leaves the CPU to other work between runs at the price of waking the threads at the next run.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or blank.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="intraOpThreads"/> is negative.</exception>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">
    /// The file is not an ONNX model ONNX Runtime can load, or its input or output is not an image classifier's, or its
    /// recorded preprocessing or labels cannot be read (the message names the metadata key).
    /// </exception>
    public static OnnxImageClassifier Load(string path, int intraOpThreads = 0, bool allowSpinning = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        CheckThreads(intraOpThreads);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No ONNX file at '{path}' (full path '{Path.GetFullPath(path)}').", path);
        }

        return Open(options => new InferenceSession(path, options), $"'{path}'", intraOpThreads, allowSpinning);
    }

    /// <summary>Exports <paramref name="model"/> in memory (see <see cref="OnnxExport"/>) and opens it; no file is written.</summary>
    /// <param name="model">The network; it is left unchanged and may be disposed afterwards.</param>
    /// <param name="intraOpThreads">Threads inside one operator (0: ONNX Runtime's default); operators run one at a time.</param>
    /// <param name="exportOptions">Fixed input size, recorded transform and labels; <see langword="null"/> for <see cref="OnnxExportOptions.Default"/>.</param>
    /// <param name="allowSpinning">As for <see cref="Load"/>: <see langword="false"/> stops the intra-op threads spin-waiting after each run.</param>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="intraOpThreads"/> is negative, or a fixed input size is smaller than 1.</exception>
    /// <exception cref="ArgumentException">The export options' preprocessing has another input size than the fixed one, or their labels are not one per class.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="model"/> has been disposed.</exception>
    public static OnnxImageClassifier FromModel(ShuffleNetV2 model, int intraOpThreads = 0, OnnxExportOptions? exportOptions = null, bool allowSpinning = true)
    {
        CheckThreads(intraOpThreads);
        var bytes = model.ToOnnxBytes(exportOptions);
        return Open(options => new InferenceSession(bytes, options), "the exported model", intraOpThreads, allowSpinning);
    }

    /// <summary>Exports an already fused network in memory and opens it; no file is written.</summary>
    /// <inheritdoc cref="FromModel(ShuffleNetV2, int, OnnxExportOptions?, bool)" path="/param|/exception"/>
    public static OnnxImageClassifier FromModel(FusedShuffleNetV2 model, int intraOpThreads = 0, OnnxExportOptions? exportOptions = null, bool allowSpinning = true)
    {
        CheckThreads(intraOpThreads);
        var bytes = model.ToOnnxBytes(exportOptions);
        return Open(options => new InferenceSession(bytes, options), "the exported model", intraOpThreads, allowSpinning);
    }

    /// <summary>Opens a serialised ONNX model held in memory (such as a quantized model's bytes).</summary>
    internal static OnnxImageClassifier FromBytes(byte[] model, string source, int intraOpThreads, bool allowSpinning)
    {
        CheckThreads(intraOpThreads);
        return Open(options => new InferenceSession(model, options), source, intraOpThreads, allowSpinning);
    }

    /// <summary>Classifies a batch of images.</summary>
    /// <param name="input">A float tensor [batch, 3, height, width] on the CPU (other dtypes are converted).</param>
    /// <returns>A new float32 CPU tensor [batch, classes] of class scores (logits).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="input"/> has another shape, or a size the model was not exported for, or is not on the CPU.</exception>
    /// <exception cref="ObjectDisposedException">This session has been disposed.</exception>
    public Tensor Run(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (input.device_type != TorchSharp.DeviceType.CPU)
        {
            throw new ArgumentException($"ONNX Runtime runs on the CPU here; move the input to the CPU first (it is on {input.device}).", nameof(input));
        }

        var shape = input.shape;
        CheckShape(shape, nameof(input));
        using var scope = NewDisposeScope();
        var contiguous = input.to_type(ScalarType.Float32).contiguous();
        float[] scores;
        unsafe
        {
            // The tensor's native memory does not move; ONNX Runtime reads it in place.
            fixed (byte* data = contiguous.bytes)
            {
                scores = Run((IntPtr)data, contiguous.NumberOfElements * sizeof(float), shape);
            }
        }

        return tensor(scores, [shape[0], scores.Length / shape[0]]).MoveToOuterDisposeScope();
    }

    /// <summary>Classifies a batch of images given as a flat array in NCHW order.</summary>
    /// <param name="input">batch × 3 × height × width floats, image after image, channel after channel, row after row.</param>
    /// <param name="batchSize">The number of images (at least 1).</param>
    /// <param name="height">Image height in pixels (at least 1).</param>
    /// <param name="width">Image width in pixels (at least 1).</param>
    /// <returns>batch × classes scores, image after image.</returns>
    /// <exception cref="ArgumentException">The sizes are not positive, do not match the model, or do not match the length of <paramref name="input"/>.</exception>
    /// <exception cref="ObjectDisposedException">This session has been disposed.</exception>
    public float[] Run(ReadOnlyMemory<float> input, int batchSize, int height, int width)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        long[] shape = [batchSize, InputChannels, height, width];
        CheckShape(shape, nameof(input));
        var expected = (long)batchSize * InputChannels * height * width;
        if (input.Length != expected)
        {
            throw new ArgumentException($"The input holds {input.Length} floats, but {batchSize}×{InputChannels}×{height}×{width} images need {expected}.", nameof(input));
        }

        using var pin = input.Pin();
        unsafe
        {
            return Run((IntPtr)pin.Pointer, expected * sizeof(float), shape);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _session.Dispose();
        }
    }

    private float[] Run(IntPtr input, long byteLength, long[] shape)
    {
        using var inputValue = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, TensorElementType.Float, shape, input, byteLength);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, _inputNames, [inputValue], _outputNames);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    private void CheckShape(long[] shape, string paramName)
    {
        if (shape.Length != 4 || shape[1] != InputChannels || shape[0] < 1 || shape[2] < 1 || shape[3] < 1)
        {
            throw new ArgumentException($"ONNX ShuffleNetV2 needs input of shape [batch, {InputChannels}, height, width] with every size at least 1, got {ShapeText.Format(shape)}.", paramName);
        }

        if ((InputHeight is { } height && shape[2] != height) || (InputWidth is { } width && shape[3] != width))
        {
            throw new ArgumentException($"The model was exported for {InputHeight?.ToString(CultureInfo.InvariantCulture) ?? "any"}×{InputWidth?.ToString(CultureInfo.InvariantCulture) ?? "any"} images, got {shape[2]}×{shape[3]} (input shape {ShapeText.Format(shape)}).", paramName);
        }
    }

    private static OnnxImageClassifier Open(Func<SessionOptions, InferenceSession> create, string source, int intraOpThreads, bool allowSpinning)
    {
        using var options = new SessionOptions
        {
            IntraOpNumThreads = intraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        options.AddSessionConfigEntry(IntraOpSpinningKey, allowSpinning ? "1" : "0");
        InferenceSession session;
        try
        {
            session = create(options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException($"ONNX Runtime cannot load {source}: {e.Message}", e);
        }

        return new OnnxImageClassifier(session, intraOpThreads, allowSpinning);
    }

    private static (string Name, NodeMetadata Metadata) Single(IReadOnlyDictionary<string, NodeMetadata> values, string kind)
    {
        if (values.Count != 1)
        {
            throw new InvalidDataException($"An image classifier has one {kind}, but the model has {values.Count}: {string.Join(", ", values.Keys)}.");
        }

        var only = values.Single();
        return (only.Key, only.Value);
    }

    private static string Describe(NodeMetadata metadata) =>
        metadata.IsTensor ? $"a {metadata.ElementDataType} tensor {ShapeText.Format(metadata.Dimensions.Select(d => (long)d))}" : metadata.OnnxValueType.ToString();

    private static void CheckThreads(int intraOpThreads)
    {
        if (intraOpThreads < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(intraOpThreads), intraOpThreads, $"intraOpThreads must be 0 (ONNX Runtime's default) or positive, got {intraOpThreads}.");
        }
    }
}
