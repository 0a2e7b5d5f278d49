using System;
using System.IO;
using Google.Protobuf;

namespace ShuffleNet.Torch.Onnx;

/// <summary>
/// Writes a ShuffleNetV2 as an ONNX model, from C#: opset 13, IR version 7, every BatchNorm folded into its
/// convolution (as PyTorch's eval-mode export does), weights as float32 initializers named by their state_dict keys,
/// nodes named by their module paths. The graph has one input <c>input</c> [batch, 3, height, width] and one output
/// <c>output</c> [batch, classes]; the batch is dynamic, height and width are dynamic unless fixed in
/// <see cref="OnnxExportOptions"/>. The graph computes the network's eval-mode forward. The file's
/// <c>metadata_props</c> record the evaluation transform (<see cref="OnnxExportOptions.Preprocessing"/>; ImageNet's by
/// default), when given the class labels, and the model card.
/// </summary>
/// <remarks>
/// Operators: Conv, Relu, MaxPool, Split, Concat, Shape, Reshape, Transpose, ReduceMean, Gemm.
/// </remarks>
public static class OnnxExport
{
    /// <summary>Writes <paramref name="model"/> to an ONNX file, replacing any file at <paramref name="path"/>.</summary>
    /// <param name="model">The network (its BatchNorms are folded into a temporary copy; the network is unchanged).</param>
    /// <param name="path">The file to write.</param>
    /// <param name="options">Fixed input size, recorded transform and labels; <see langword="null"/> for <see cref="OnnxExportOptions.Default"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> or <paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="path"/> is empty or blank, or the preprocessing in <paramref name="options"/> has another input
    /// size than the fixed one, or its labels are not one per class.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">A fixed input size in <paramref name="options"/> is smaller than 1.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="model"/> has been disposed.</exception>
    /// <exception cref="IOException">The file cannot be written; the message names it.</exception>
    public static void ExportToOnnx(this ShuffleNetV2 model, string path, OnnxExportOptions? options = null)
    {
        CheckPath(path);
        WriteFile(model.ToOnnxBytes(options), path);
    }

    /// <summary>Writes an already fused network to an ONNX file, replacing any file at <paramref name="path"/>.</summary>
    /// <inheritdoc cref="ExportToOnnx(ShuffleNetV2, string, OnnxExportOptions?)" path="/param|/exception"/>
    public static void ExportToOnnx(this FusedShuffleNetV2 model, string path, OnnxExportOptions? options = null)
    {
        CheckPath(path);
        WriteFile(model.ToOnnxBytes(options), path);
    }

    /// <summary>The ONNX model of <paramref name="model"/> as bytes, e.g. for an ONNX Runtime session made in memory.</summary>
    /// <param name="model">The network (its BatchNorms are folded into a temporary copy; the network is unchanged).</param>
    /// <param name="options">Fixed input size, recorded transform and labels; <see langword="null"/> for <see cref="OnnxExportOptions.Default"/>.</param>
    /// <returns>A serialised ONNX <c>ModelProto</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A fixed input size in <paramref name="options"/> is smaller than 1.</exception>
    /// <exception cref="ArgumentException">
    /// The preprocessing in <paramref name="options"/> has another input size than the fixed one, or its labels are not one per class.
    /// </exception>
    /// <exception cref="ObjectDisposedException"><paramref name="model"/> has been disposed.</exception>
    public static byte[] ToOnnxBytes(this ShuffleNetV2 model, OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        (options ?? OnnxExportOptions.Default).Validate(nameof(options), model.NumClasses);
        using var fused = model.FuseForInference();
        return fused.ToOnnxBytes(options);
    }

    /// <summary>The ONNX model of an already fused network as bytes.</summary>
    /// <inheritdoc cref="ToOnnxBytes(ShuffleNetV2, OnnxExportOptions?)" path="/param|/returns|/exception"/>
    public static byte[] ToOnnxBytes(this FusedShuffleNetV2 model, OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= OnnxExportOptions.Default;
        options.Validate(nameof(options), model.NumClasses);
        ObjectDisposedException.ThrowIf(model.IsDisposed, model);
        return ShuffleNetV2GraphWriter.Build(model, options).ToByteArray();
    }

    private static void CheckPath(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
    }

    private static void WriteFile(byte[] bytes, string path)
    {
        try
        {
            // A temporary file, then a rename: an existing file is replaced whole or left as it was.
            TorchCheckpoints.CheckpointWriter.WriteAtomically(Path.GetFullPath(path), stream => stream.Write(bytes));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new IOException($"Cannot write the ONNX file '{path}' (full path '{SafeFullPath(path)}'): {e.Message}", e);
        }
    }

    private static string SafeFullPath(string path)
    {
        try
        {
            return Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return path;
        }
    }
}
