using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Threading;
using TorchTraining.Loading;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Compare.Training;

/// <summary>
/// Training batches written to files by one side of the comparison and read back by either: per epoch, the augmented
/// grey images as 8-bit pixels in training order (<c>epochN.images</c>, count × height × width) and their labels
/// (<c>epochN.labels</c>, one byte each), described by <c>batches.json</c>. Reading applies ToTensor, three channels and
/// the recipe's Normalize, the same arithmetic as torchvision's <c>ToTensor</c> and <c>Normalize</c>. The swap
/// experiment feeds one side's augmented data to the other side's training step with these files.
/// </summary>
internal sealed class DumpedBatches : IBatchSource
{
    private const string Description = "batches.json";

    private readonly string _folder;
    private readonly int _batchSize;
    private readonly int _height;
    private readonly int _width;
    private readonly int _epochs;
    private readonly float _mean;
    private readonly float _std;

    private DumpedBatches(string folder, int count, int batchSize, int height, int width, int epochs, float mean, float std)
    {
        _folder = folder;
        ImageCount = count;
        _batchSize = batchSize;
        _height = height;
        _width = width;
        _epochs = epochs;
        _mean = mean;
        _std = std;
    }

    public int ImageCount { get; }

    public int BatchCount => (ImageCount + _batchSize - 1) / _batchSize;

    /// <summary>Opens a folder written by <see cref="Write"/> or by pytorch_train_worker.py's <c>dump</c>.</summary>
    public static DumpedBatches Open(string folder, TrainingRecipe recipe)
    {
        var path = Path.Combine(folder, Description);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No {Description} in the batch folder '{folder}'.", path);
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var root = document.RootElement;
        var batches = new DumpedBatches(folder, root.GetProperty("count").GetInt32(), root.GetProperty("batch_size").GetInt32(),
            root.GetProperty("height").GetInt32(), root.GetProperty("width").GetInt32(), root.GetProperty("epochs").GetInt32(), (float)recipe.Mean, (float)recipe.Std);
        if (batches._batchSize != recipe.BatchSize)
        {
            throw new InvalidDataException($"The batch folder '{folder}' holds batches of {batches._batchSize}, the recipe asks for {recipe.BatchSize}.");
        }

        return batches;
    }

    /// <summary>Writes <paramref name="epochs"/> epochs of <paramref name="source"/>'s batches (normalised three-channel images of the recipe's batch size, channel 0 kept as 8-bit pixels).</summary>
    public static void Write(IBatchSource source, int epochs, TrainingRecipe recipe, string folder)
    {
        Directory.CreateDirectory(folder);
        int height = 0, width = 0;
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            using var images = File.Create(Path.Combine(folder, $"epoch{epoch}.images"));
            using var labels = File.Create(Path.Combine(folder, $"epoch{epoch}.labels"));
            foreach (var batch in source.GetBatches(epoch))
            {
                using (NewDisposeScope())
                using (batch)
                {
                    height = (int)batch.Images.shape[2];
                    width = (int)batch.Images.shape[3];
                    // Normalize's inverse, back to the 8-bit values ToTensor divided by 255 (exact after rounding).
                    var pixels = batch.Images.select(1, 0).mul(recipe.Std).add(recipe.Mean).mul(255).round().clamp(0, 255).to(ScalarType.Byte);
                    images.Write(pixels.contiguous().bytes);
                    labels.Write(batch.Labels.to(ScalarType.Byte).bytes);
                }
            }
        }

        var description = new Dictionary<string, object>
        {
            ["count"] = source.ImageCount, ["batch_size"] = recipe.BatchSize, ["height"] = height, ["width"] = width, ["epochs"] = epochs,
        };
        File.WriteAllText(Path.Combine(folder, Description), JsonSerializer.Serialize(description));
    }

    public IEnumerable<Batch> GetBatches(int epoch, CancellationToken cancellationToken = default)
    {
        if (epoch >= _epochs)
        {
            throw new ArgumentOutOfRangeException(nameof(epoch), $"The batch folder '{_folder}' holds {_epochs} epochs, asked for epoch {epoch}.");
        }

        var pixels = File.ReadAllBytes(Path.Combine(_folder, $"epoch{epoch}.images"));
        var labels = File.ReadAllBytes(Path.Combine(_folder, $"epoch{epoch}.labels"));
        var imageBytes = _height * _width;
        for (var start = 0; start < ImageCount; start += _batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(_batchSize, ImageCount - start);
            Batch batch;
            // The scope ends before the yield: the consumer's tensors must not land in it.
            using (NewDisposeScope())
            {
                var grey = tensor(pixels.AsSpan(start * imageBytes, count * imageBytes).ToArray(), [count, 1, _height, _width]);
                // torchvision's ToTensor (float, divided by 255), the grey channel three times, then Normalize: (x - mean) / std.
                var images = grey.to(ScalarType.Float32).div(255f).expand(count, 3, _height, _width).contiguous().sub(_mean).div(_std);
                var classes = tensor(labels.AsSpan(start, count).ToArray(), [count]).to(ScalarType.Int64);
                batch = new Batch(images.DetachFromDisposeScope(), classes.DetachFromDisposeScope());
            }

            yield return batch;
        }
    }
}
