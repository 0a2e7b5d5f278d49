using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Text.Json;
using TorchCheckpoints;
using static TorchSharp.torch;

namespace TorchTraining.Checkpoints;

/// <summary>What one checkpoint holds, ready to write: the manifest, the card, and the tensor entries (not owned).</summary>
internal sealed record CheckpointContent(
    CheckpointManifest Manifest,
    IReadOnlyDictionary<string, Tensor> Model,
    IReadOnlyDictionary<string, Tensor> Optimizer,
    IReadOnlyDictionary<string, Tensor>? Ema,
    IReadOnlyDictionary<string, Tensor> Rng,
    ModelCard? Card);

/// <summary>
/// Writes a checkpoint (see <see cref="TrainingCheckpoint"/>) atomically: one zip archive, the tensor entries stored
/// uncompressed (weights barely compress).
/// </summary>
internal static class TrainingCheckpointWriter
{
    public static void Write(string path, CheckpointContent content, Func<Stream, Stream>? wrap = null) =>
        AtomicFile.Write(path, stream =>
        {
            using var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            using (var manifest = archive.CreateEntry(TrainingCheckpoint.ManifestEntry, CompressionLevel.Optimal).Open())
            {
                JsonSerializer.Serialize(manifest, content.Manifest, CheckpointManifest.Json);
            }

            if (content.Card is not null)
            {
                using var card = new StreamWriter(archive.CreateEntry(TrainingCheckpoint.CardEntry, CompressionLevel.Optimal).Open());
                card.Write(content.Card.ToJson());
            }

            WriteTensors(archive, TrainingCheckpoint.ModelEntry, content.Model);
            WriteTensors(archive, TrainingCheckpoint.OptimizerEntry, content.Optimizer);
            if (content.Ema is not null)
            {
                WriteTensors(archive, TrainingCheckpoint.EmaEntry, content.Ema);
            }

            WriteTensors(archive, TrainingCheckpoint.RngEntry, content.Rng);
        }, wrap);

    private static void WriteTensors(ZipArchive archive, string name, IReadOnlyDictionary<string, Tensor> tensors)
    {
        using var entry = archive.CreateEntry(name, CompressionLevel.NoCompression).Open();
        CheckpointWriter.Write(entry, tensors, CheckpointFormat.TorchSharp);
    }
}
