using System;
using System.IO;
using System.IO.Compression;
using System.Text.Json;
using TorchCheckpoints;
using static TorchSharp.torch;

namespace TorchTraining.Checkpoints;

/// <summary>A checkpoint read completely into memory (CPU tensors), to be checked before anything of it is applied.</summary>
internal sealed class LoadedCheckpoint : IDisposable
{
    private LoadedCheckpoint(string path, CheckpointManifest manifest, ModelCard? card, TensorSet model, TensorSet optimizer, TensorSet? ema, TensorSet rng)
    {
        Path = path;
        Card = card;
        Manifest = manifest;
        Model = model;
        Optimizer = optimizer;
        Ema = ema;
        Rng = rng;
    }

    public string Path { get; }

    public CheckpointManifest Manifest { get; }

    /// <summary>The model card stored with the checkpoint, or null (checkpoints of runs given none).</summary>
    public ModelCard? Card { get; }

    public TensorSet Model { get; }

    public TensorSet Optimizer { get; }

    public TensorSet? Ema { get; }

    public TensorSet Rng { get; }

    /// <summary>Reads <paramref name="path"/>; <paramref name="manifestOnly"/> skips the tensors (they are then empty).</summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="InvalidDataException">The file is not a readable checkpoint; the message names it.</exception>
    public static LoadedCheckpoint Read(string path, bool manifestOnly = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Checkpoint '{path}' does not exist.", path);
        }

        TensorSet? model = null, optimizer = null, ema = null, rng = null;
        try
        {
            using var archive = ZipFile.OpenRead(path);
            var manifest = ReadManifest(archive, path);
            var card = ReadCard(archive, path);
            model = manifestOnly ? new TensorSet() : ReadTensors(archive, CheckpointEntries.Model, path, required: true)!;
            optimizer = manifestOnly ? new TensorSet() : ReadTensors(archive, CheckpointEntries.Optimizer, path, required: true)!;
            ema = manifestOnly ? null : ReadTensors(archive, CheckpointEntries.Ema, path, required: false);
            rng = manifestOnly ? new TensorSet() : ReadTensors(archive, CheckpointEntries.Rng, path, required: true)!;
            return new LoadedCheckpoint(path, manifest, card, model, optimizer, ema, rng);
        }
        catch (Exception e) when (e is not OutOfMemoryException && !IsOwn(e, path))
        {
            Dispose(model, optimizer, ema, rng);
            throw new InvalidDataException($"Checkpoint '{path}' cannot be read: {e.Message}", e);
        }
        catch
        {
            Dispose(model, optimizer, ema, rng);
            throw;
        }
    }

    public void Dispose() => Dispose(Model, Optimizer, Ema, Rng);

    /// <summary>Whether <paramref name="e"/> is one of this reader's own messages (which already name the file).</summary>
    private static bool IsOwn(Exception e, string path) => e is InvalidDataException && e.Message.StartsWith($"Checkpoint '{path}'", StringComparison.Ordinal);

    private static CheckpointManifest ReadManifest(ZipArchive archive, string path)
    {
        var entry = archive.GetEntry(CheckpointEntries.Manifest)
            ?? throw new InvalidDataException($"Checkpoint '{path}' is not a {CheckpointManifest.FormatName} file: it has no {CheckpointEntries.Manifest}.");
        using var stream = entry.Open();
        var manifest = JsonSerializer.Deserialize<CheckpointManifest>(stream, CheckpointJson.Options);
        if (manifest is null || manifest.Format != CheckpointManifest.FormatName)
        {
            throw new InvalidDataException($"Checkpoint '{path}' is not a {CheckpointManifest.FormatName} file (format '{manifest?.Format}').");
        }

        if (manifest.Version != CheckpointManifest.CurrentVersion)
        {
            throw new InvalidDataException($"Checkpoint '{path}' has format version {manifest.Version}; this library reads version {CheckpointManifest.CurrentVersion}.");
        }

        return manifest;
    }

    private static ModelCard? ReadCard(ZipArchive archive, string path)
    {
        if (archive.GetEntry(CheckpointEntries.Card) is not { } entry)
        {
            return null;
        }

        using var reader = new StreamReader(entry.Open());
        return ModelCard.Parse(reader.ReadToEnd(), $"{path} ({CheckpointEntries.Card})");
    }

    private static TensorSet? ReadTensors(ZipArchive archive, string name, string path, bool required)
    {
        var entry = archive.GetEntry(name);
        if (entry is null)
        {
            return required ? throw new InvalidDataException($"Checkpoint '{path}' has no {name} entry.") : null;
        }

        using var stream = entry.Open();
        return TensorArchive.Read(stream);
    }

    private static void Dispose(params TensorSet?[] sets)
    {
        foreach (var set in sets)
        {
            set?.Dispose();
        }
    }

    /// <summary>The CPU generator state saved with the checkpoint.</summary>
    public Tensor CpuGeneratorState => Rng[CheckpointEntries.CpuGenerator];
}
