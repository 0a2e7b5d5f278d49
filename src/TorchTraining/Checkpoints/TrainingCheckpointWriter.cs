using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Text.Json;
using static TorchSharp.torch;

namespace TorchTraining.Checkpoints;

/// <summary>
/// Writes a checkpoint: one zip archive (entries stored uncompressed: weights barely compress) holding
/// <c>checkpoint.json</c> and the tensor entries in TorchSharp's state_dict stream, written atomically.
/// </summary>
internal static class TrainingCheckpointWriter
{
    public static void Write(string path, CheckpointContent content, Func<Stream, Stream>? wrap = null) =>
        AtomicFile.Write(path, stream =>
        {
            using var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            using (var manifest = archive.CreateEntry(CheckpointEntries.Manifest, CompressionLevel.Optimal).Open())
            {
                JsonSerializer.Serialize(manifest, content.Manifest, CheckpointJson.Options);
            }

            if (content.Card is not null)
            {
                using var card = new StreamWriter(archive.CreateEntry(CheckpointEntries.Card, CompressionLevel.Optimal).Open());
                card.Write(content.Card.ToJson());
            }

            WriteTensors(archive, CheckpointEntries.Model, content.Model);
            WriteTensors(archive, CheckpointEntries.Optimizer, content.Optimizer);
            if (content.Ema is not null)
            {
                WriteTensors(archive, CheckpointEntries.Ema, content.Ema);
            }

            WriteTensors(archive, CheckpointEntries.Rng, content.Rng);
        }, wrap);

    private static void WriteTensors(ZipArchive archive, string name, IReadOnlyDictionary<string, Tensor> tensors)
    {
        using var entry = archive.CreateEntry(name, CompressionLevel.NoCompression).Open();
        TensorArchive.Write(entry, tensors);
    }
}
