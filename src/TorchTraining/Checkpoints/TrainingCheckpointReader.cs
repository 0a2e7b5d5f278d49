using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Text.Json;
using TorchCheckpoints;
using static TorchSharp.torch;

namespace TorchTraining.Checkpoints;

/// <summary>
/// A checkpoint (see <see cref="TrainingCheckpoint"/>) read completely into memory (CPU tensors), to be checked before
/// anything of it is applied.
/// </summary>
internal sealed class LoadedCheckpoint : IDisposable
{
    private LoadedCheckpoint(string path, CheckpointManifest manifest, ModelCard? card, TensorSet model, TensorSet optimizer, TensorSet? ema, TensorSet rng)
    {
        Path = path;
        Manifest = manifest;
        Card = card;
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
            model = manifestOnly ? new TensorSet() : ReadTensors(archive, TrainingCheckpoint.ModelEntry, path, required: true)!;
            optimizer = manifestOnly ? new TensorSet() : ReadTensors(archive, TrainingCheckpoint.OptimizerEntry, path, required: true)!;
            ema = manifestOnly ? null : ReadTensors(archive, TrainingCheckpoint.EmaEntry, path, required: false);
            rng = manifestOnly ? new TensorSet() : ReadTensors(archive, TrainingCheckpoint.RngEntry, path, required: true)!;
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

    /// <summary>The CPU generator state saved with the checkpoint.</summary>
    public Tensor CpuGeneratorState => Rng[TrainingCheckpoint.CpuGenerator];

    public void Dispose() => Dispose(Model, Optimizer, Ema, Rng);

    /// <summary>Whether <paramref name="e"/> is one of this reader's own messages (which already name the file).</summary>
    private static bool IsOwn(Exception e, string path) => e is InvalidDataException && e.Message.StartsWith($"Checkpoint '{path}'", StringComparison.Ordinal);

    private static CheckpointManifest ReadManifest(ZipArchive archive, string path)
    {
        var entry = archive.GetEntry(TrainingCheckpoint.ManifestEntry)
            ?? throw new InvalidDataException($"Checkpoint '{path}' is not a {CheckpointManifest.FormatName} file: it has no {TrainingCheckpoint.ManifestEntry}.");
        using var stream = entry.Open();
        var manifest = JsonSerializer.Deserialize<CheckpointManifest>(stream, CheckpointManifest.Json);
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
        if (archive.GetEntry(TrainingCheckpoint.CardEntry) is not { } entry)
        {
            return null;
        }

        using var reader = new StreamReader(entry.Open());
        return ModelCard.Parse(reader.ReadToEnd(), $"{path} ({TrainingCheckpoint.CardEntry})");
    }

    /// <summary>Every tensor of an entry as a fresh CPU tensor, so the caller can check them all before using any.</summary>
    private static TensorSet? ReadTensors(ZipArchive archive, string name, string path, bool required)
    {
        var entry = archive.GetEntry(name);
        if (entry is null)
        {
            return required ? throw new InvalidDataException($"Checkpoint '{path}' has no {name} entry.") : null;
        }

        using var stream = entry.Open();
        using var scope = NewDisposeScope();
        var set = new TensorSet();
        try
        {
            foreach (var (key, tensor) in CheckpointReader.Read(stream, CheckpointFormat.TorchSharp, $"{path} ({name})").Entries)
            {
                set.Add(key, tensor);
            }

            return set;
        }
        catch
        {
            set.Dispose();
            throw;
        }
    }

    private static void Dispose(params TensorSet?[] sets)
    {
        foreach (var set in sets)
        {
            set?.Dispose();
        }
    }
}

/// <summary>Named tensors read from a checkpoint, outside any dispose scope; disposing the set disposes those not taken.</summary>
internal sealed class TensorSet : IReadOnlyDictionary<string, Tensor>, IDisposable
{
    private readonly Dictionary<string, Tensor> _tensors = new(StringComparer.Ordinal);

    public int Count => _tensors.Count;

    public IEnumerable<string> Keys => _tensors.Keys;

    public IEnumerable<Tensor> Values => _tensors.Values;

    public Tensor this[string key] => _tensors[key];

    public void Add(string key, Tensor tensor) => _tensors.Add(key, tensor.DetachFromDisposeScope());

    /// <summary>Removes <paramref name="key"/> from the set and hands its tensor to the caller, who owns it from now on.</summary>
    public Tensor Take(string key)
    {
        var tensor = _tensors[key];
        _tensors.Remove(key);
        return tensor;
    }

    public bool ContainsKey(string key) => _tensors.ContainsKey(key);

    public bool TryGetValue(string key, out Tensor value) => _tensors.TryGetValue(key, out value!);

    public IEnumerator<KeyValuePair<string, Tensor>> GetEnumerator() => _tensors.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public void Dispose()
    {
        foreach (var tensor in _tensors.Values)
        {
            tensor.Dispose();
        }

        _tensors.Clear();
    }
}
