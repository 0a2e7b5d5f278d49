using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;
using TorchTraining.Checkpoints;

namespace ShuffleNet.Torch.Sample;

/// <summary>
/// model.json, the record a train run writes into its output folder beside model.pth (first when training starts, so
/// that the checkpoints of an interrupted run have it too): the architecture, the class names, the evaluation
/// transform and where the data came from. evaluate reads it for model.pth, last.ckpt and best.ckpt.
/// </summary>
internal sealed class ModelRecord
{
    public const string FileName = "model.json";
    public const string FormatName = "ShuffleNetV2.Sample.TrainedModel";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public string Format { get; set; } = FormatName;

    public int Version { get; set; } = 1;

    /// <summary>The weights file this record describes, relative to the record's folder.</summary>
    public string Weights { get; set; } = "model.pth";

    public int[] StagesRepeats { get; set; } = [];

    public long[] StagesOutChannels { get; set; } = [];

    public string[] Classes { get; set; } = [];

    public EvalTransformRecord EvalTransform { get; set; } = new();

    /// <summary>"idx" or "image-folder".</summary>
    public string DataKind { get; set; } = "";

    public string DataPath { get; set; } = "";

    /// <summary>For an image folder split by fraction: the fraction and the seed, so that evaluate takes the same images.</summary>
    public double? ValidationFraction { get; set; }

    public int? SplitSeed { get; set; }

    [JsonIgnore]
    public ShuffleNetV2Architecture Architecture => ShuffleNetV2Architecture.Create(StagesRepeats, StagesOutChannels);

    /// <summary>Writes the record into <paramref name="folder"/>, unless the same record is there already (a resumed run's).</summary>
    public void Write(string folder)
    {
        var text = JsonSerializer.Serialize(this, Json) + "\n";
        var path = System.IO.Path.Combine(folder, FileName);
        if (!File.Exists(path) || File.ReadAllText(path) != text)
        {
            TorchCheckpoints.CheckpointWriter.WriteAtomically(path, stream => stream.Write(System.Text.Encoding.UTF8.GetBytes(text)));
        }
    }

    /// <summary>
    /// The record that describes <paramref name="weightsFile"/>: <c>name.json</c> beside <c>name.pth</c>, else the
    /// folder's model.json when the file is model.pth or a training checkpoint of that folder; null when there is none.
    /// </summary>
    /// <exception cref="UsageException">The record exists but cannot be read.</exception>
    public static (ModelRecord Record, string Path)? FindFor(string weightsFile)
    {
        var full = System.IO.Path.GetFullPath(weightsFile);
        var folder = System.IO.Path.GetDirectoryName(full)!;
        var beside = System.IO.Path.ChangeExtension(full, ".json");
        var inFolder = System.IO.Path.Combine(folder, FileName);
        var isRunFile = new[] { "model.pth", Checkpoint.LastFileName, Checkpoint.BestFileName }.Contains(System.IO.Path.GetFileName(full), StringComparer.Ordinal);
        var path = File.Exists(beside) ? beside : isRunFile && File.Exists(inFolder) ? inFolder : null;
        return path is null ? null : (Read(path), path);
    }

    public static ModelRecord Read(string path)
    {
        try
        {
            var record = JsonSerializer.Deserialize<ModelRecord>(File.ReadAllText(path), Json);
            return record is { Format: FormatName } ? record : throw new UsageException($"'{path}' is not a {FormatName} record (model.json of a train run).");
        }
        catch (JsonException e)
        {
            throw new UsageException($"'{path}' is not a readable model.json: {e.Message}");
        }
    }

    public static ModelRecord For(ShuffleNetV2Architecture architecture, IReadOnlyList<string> classes, EvalTransform transform, TrainingData data) => new()
    {
        StagesRepeats = [.. architecture.StagesRepeats],
        StagesOutChannels = [.. architecture.StagesOutChannels],
        Classes = [.. classes],
        EvalTransform = EvalTransformRecord.From(transform),
        DataKind = data.KindName,
        DataPath = data.Path,
        ValidationFraction = data.ValidationFraction,
        SplitSeed = data.SplitSeed,
    };
}
