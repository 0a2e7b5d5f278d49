using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ShuffleNet.Torch.Weights;
using TorchCheckpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace ShuffleNet.Torch;

/// <summary>Loading and saving weights.</summary>
public sealed partial class ShuffleNetV2
{
    /// <summary>
    /// Loads a checkpoint into this network: a <c>torch.save(state_dict)</c> file (zip or legacy format, e.g.
    /// torchvision's published ImageNet files), a <c>.safetensors</c> file or a TorchSharp <c>Module.save</c> file,
    /// recognised from its bytes. Keys in torchvision's naming (<c>stage2.i</c>…) or the reference model's
    /// (<c>inverted_block.k</c>) are both accepted. Parameters and buffers (BatchNorm running statistics and
    /// <c>num_batches_tracked</c> included) are copied, converted to the model's element types.
    /// </summary>
    /// <remarks>
    /// All or nothing: the whole file is read and checked before anything is copied, so when this throws the model's
    /// weights are exactly as before. The file is read into memory at once (checkpoints of this network are tens of MB).
    /// </remarks>
    /// <param name="path">The checkpoint file.</param>
    /// <param name="options">Strictness, classifier skipping, target device, hash check; null for the defaults.</param>
    /// <returns>What was loaded, and what was skipped in non-strict mode.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="WeightsMismatchException">The checkpoint does not fit this network; the message lists every problem.</exception>
    /// <exception cref="CheckpointFileException">The file is empty, truncated, damaged, not a checkpoint, or fails its hash check.</exception>
    /// <exception cref="ArgumentException">The path is empty, or the requested device is not available.</exception>
    public WeightsLoadResult LoadWeights(string path, WeightsLoadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        options ??= new WeightsLoadOptions();
        ThrowIfUnavailable(options.Device);

        using var scope = NewDisposeScope();
        var checkpoint = CheckpointReader.Read(path, options.VerifyHashFromFileName);
        return WeightsLoader.Load(this, checkpoint, options);
    }

    /// <summary>
    /// Builds the network a checkpoint was made for — stage repeats and channels read from the file's shapes, class
    /// count from <c>fc.weight</c> unless given — and loads the checkpoint into it (see <see cref="LoadWeights"/>).
    /// </summary>
    /// <param name="path">The checkpoint file.</param>
    /// <param name="numClasses">
    /// The class count; null takes the file's. A different count needs <see cref="WeightsLoadOptions.SkipClassifier"/>
    /// (the new classifier keeps its fresh initialisation).
    /// </param>
    /// <param name="options">As for <see cref="LoadWeights"/>; null for the defaults.</param>
    /// <returns>The loaded network, in training mode as any new module; call <c>eval()</c> for inference.</returns>
    /// <exception cref="CheckpointFileException">The file cannot be read or does not describe a complete ShuffleNetV2.</exception>
    public static ShuffleNetV2 FromWeights(string path, long? numClasses = null, WeightsLoadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        options ??= new WeightsLoadOptions();
        ShuffleNetV2Architecture architecture;
        long classes;
        using (var scope = NewDisposeScope())
        {
            var checkpoint = CheckpointReader.Read(path, options.VerifyHashFromFileName);
            var style = WeightsLoader.DetectStyle(checkpoint);
            var (found, fileClasses) = CheckpointArchitecture.Infer(checkpoint.Entries.ToDictionary(e => e.Key, e => e.Value.shape), style);
            architecture = found ?? throw new CheckpointFileException(checkpoint.Path,
                $"Weights file '{checkpoint.Path}' does not describe a complete ShuffleNetV2 (conv1, three stages, conv5), so its architecture cannot be read from it.");
            classes = numClasses ?? fileClasses ?? throw new CheckpointFileException(checkpoint.Path,
                $"Weights file '{checkpoint.Path}' has no classifier (fc.weight): pass numClasses.");
        }

        // The model is built outside the dispose scope above, which would otherwise own its parameters.
        var model = new ShuffleNetV2(architecture, classes);
        try
        {
            model.LoadWeights(path, options);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Saves the parameters and buffers to <paramref name="path"/> (replaced atomically: a failed save leaves any
    /// existing file as it was). Every format loads back bit-identically through <see cref="LoadWeights"/>; PyTorch's
    /// zip format in torchvision's keys loads with <c>torchvision.models.shufflenet_v2_x*(num_classes=N)
    /// .load_state_dict(torch.load(f))</c>, TorchSharp's format (inverted_block keys) with TorchSharp's <c>Module.load</c>,
    /// safetensors with Python's safetensors.
    /// </summary>
    /// <param name="path">The file to write.</param>
    /// <param name="format"><see cref="CheckpointFormat.Safetensors"/> (default), <see cref="CheckpointFormat.PyTorchZip"/> or <see cref="CheckpointFormat.TorchSharp"/>.</param>
    /// <param name="keyStyle">The reference model's keys (default) or torchvision's, e.g. for torchvision's <c>load_state_dict</c>.</param>
    /// <exception cref="ArgumentException">The format is PyTorch's read-only legacy format, or the path is empty.</exception>
    public void SaveWeights(string path, CheckpointFormat format = CheckpointFormat.Safetensors, WeightsKeyStyle keyStyle = WeightsKeyStyle.InvertedBlock)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        if (!Enum.IsDefined(keyStyle))
        {
            throw new ArgumentOutOfRangeException(nameof(keyStyle), keyStyle, $"Unknown key style {keyStyle}.");
        }

        using var scope = NewDisposeScope();
        var keys = new StateDictKeys(Architecture);
        CheckpointWriter.Write(path, ModuleStateDict.InPyTorchOrder(this).Select(kv => KeyValuePair.Create(keys.ToFile(kv.Key, keyStyle), kv.Value)), format);
    }

    private static void ThrowIfUnavailable(Device? device)
    {
        if (device is { type: DeviceType.CUDA } && !cuda.is_available())
        {
            throw new ArgumentException($"Device {device} is not available: CUDA is not available on this machine or in this TorchSharp backend.", nameof(device));
        }
    }
}
