using System;
using System.Collections.Generic;
using System.IO;
using static TorchSharp.torch;

namespace TorchTraining.Checkpoints;

/// <summary>
/// The checkpoint files the trainer writes into its output folder, and reading them.
/// </summary>
/// <remarks>
/// A checkpoint is one zip archive: <c>checkpoint.json</c> (epoch and step, schedule lengths, optimizer kind, best
/// metric, moving-average count, the sums of an interrupted epoch, and the metrics of every finished epoch), the model
/// card <c>model.json</c> when the run has one, and tensor entries in TorchSharp's state_dict stream (the format of
/// <c>Module.save</c>): <c>model.bin</c> (parameters and buffers), <c>optimizer.bin</c> (per-parameter optimizer
/// state), <c>ema.bin</c> (the moving average, when kept) and <c>rng.bin</c> (torch's CPU generator state). Files are
/// replaced atomically.
/// </remarks>
public static class TrainingCheckpoint
{
    /// <summary>The checkpoint written after every epoch (and on cancellation).</summary>
    public const string LastFileName = "last.ckpt";

    /// <summary>A copy of the checkpoint of the epoch with the best test top-1 accuracy.</summary>
    public const string BestFileName = "best.ckpt";

    internal const string ManifestEntry = "checkpoint.json";
    internal const string CardEntry = "model.json";
    internal const string ModelEntry = "model.bin";
    internal const string OptimizerEntry = "optimizer.bin";
    internal const string EmaEntry = "ema.bin";
    internal const string RngEntry = "rng.bin";

    /// <summary>The key of torch's CPU generator state in <see cref="RngEntry"/>.</summary>
    internal const string CpuGenerator = "torch.cpu";

    /// <summary>Reads where the checkpoint at <paramref name="path"/> stands, without its tensors.</summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="InvalidDataException">The file is not a readable checkpoint.</exception>
    public static CheckpointInfo ReadInfo(string path)
    {
        using var loaded = LoadedCheckpoint.Read(path, manifestOnly: true);
        return new CheckpointInfo(path, loaded.Manifest, loaded.Card);
    }

    /// <summary>Loads the weights and buffers saved in a checkpoint into <paramref name="model"/> (e.g. the best epoch's, to predict or fine-tune).</summary>
    /// <param name="path">The checkpoint.</param>
    /// <param name="model">A model with exactly the checkpoint's parameters and buffers.</param>
    /// <param name="useEma">Whether to load the moving average instead of the trained weights.</param>
    /// <exception cref="CheckpointMismatchException">The model does not fit (names the file and the first mismatches); the model is unchanged.</exception>
    public static void LoadWeights(string path, nn.Module model, bool useEma = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var loaded = LoadedCheckpoint.Read(path);
        var weights = useEma
            ? loaded.Ema ?? throw CheckpointMismatchException.For(path, "it holds no moving average of the weights (training ran without EMA).")
            : loaded.Model;
        using var match = ModelState.Match(model, weights);
        ThrowIfMismatched(path, match.Problems, useEma ? "the moving average" : "the model");
        match.CopyIntoModule();
    }

    internal static void ThrowIfMismatched<T>(string path, IReadOnlyList<T> problems, string what)
    {
        if (problems.Count > 0)
        {
            throw CheckpointMismatchException.For(path, $"{what} differs: {ModelState.Summary(problems)}.");
        }
    }
}
