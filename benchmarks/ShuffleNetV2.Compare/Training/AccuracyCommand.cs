using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using ShuffleNet.Torch.Weights;
using TorchCheckpoints;
using TorchTraining;
using TorchTraining.Datasets;
using TorchTraining.Loading;
using TorchTraining.Metrics;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Compare.Training;

/// <summary>
/// One run of the full recipe (with augmentation) on Fashion-MNIST with this library's <see cref="Trainer"/>: the
/// network initialised from <c>torch.manual_seed(seed)</c>, the loader shuffled and augmented from the same seed, the
/// test set evaluated after every epoch; or, with <c>--batches</c>, trained on batches another run wrote to files.
/// Writes the epochs' records (with every step's loss) and the final test top-1 as JSON.
/// </summary>
internal static class AccuracyCommand
{
    public static int Run(Arguments arguments)
    {
        var width = ShuffleNetV2Widths.Parse(arguments.Text("width", "0.5")).ToText();
        var recipe = TrainingRecipe.Read(arguments.Text("recipe"));
        var seed = arguments.Integer("seed", 0);
        var data = arguments.Text("data", FashionMnistData.DefaultFolder);
        var workers = arguments.Integer("workers", 1);
        var limit = OptionalInteger(arguments, "limit");
        var testLimit = OptionalInteger(arguments, "test-limit");
        var output = arguments.Text("out");
        var saveFolder = arguments.Optional("save-weights");
        set_num_threads(arguments.Integer("threads", 2, minimum: 1));

        manual_seed(seed);
        using var model = ShuffleNetV2.Create(ShuffleNetV2Widths.Parse(width), numClasses: TrainingWorker.Classes);
        // --batches: another side's augmented batches from files (the swap experiment) instead of this library's loader.
        IBatchSource train = arguments.Optional("batches") is { } folder
            ? DumpedBatches.Open(folder, recipe)
            : FashionMnistData.TrainLoader(FashionMnistData.Open(data, IdxSplit.Train, limit), recipe, shuffle: true, seed: seed, workers: workers);
        var test = FashionMnistData.TestLoader(FashionMnistData.Open(data, IdxSplit.Test, testLimit), recipe, workers: workers);
        // --save-weights: the weights after every epoch, in PyTorch's format with torchvision's keys, to inspect in Python.
        var observer = new EpochLog(saveFolder is null ? null : epoch =>
        {
            Directory.CreateDirectory(saveFolder);
            model.SaveWeights(Path.Combine(saveFolder, $"epoch{epoch + 1}.pth"), CheckpointFormat.PyTorchZip, WeightsKeyStyle.Torchvision);
        });
        using (var trainer = new Trainer(model, train, test, recipe.ToOptions(), observer))
        {
            trainer.Run();
        }

        var last = observer.Records[^1];
        var result = new JsonObject
        {
            ["side"] = "torchsharp",
            ["width"] = width,
            ["seed"] = seed,
            ["train_images"] = train.ImageCount,
            ["test_images"] = test.ImageCount,
            ["test_top1"] = last.TestTop1,
            ["seconds"] = observer.Records.Sum(r => r.Seconds),
            ["train_seconds"] = observer.Records.Sum(r => r.TrainSeconds),
            ["epochs"] = new JsonArray(observer.Records.Select((r, e) => (JsonNode?)new JsonObject
            {
                ["epoch"] = r.Epoch,
                ["lr"] = r.LearningRate,
                ["train_loss"] = r.TrainLoss,
                ["train_top1"] = r.TrainTop1,
                ["test_loss"] = r.TestLoss,
                ["test_top1"] = r.TestTop1,
                ["train_seconds"] = r.TrainSeconds,
                ["step_losses"] = new JsonArray(observer.StepLosses[e].Select(l => (JsonNode?)l).ToArray()),
            }).ToArray()),
        };
        File.WriteAllText(output, result.ToJsonString());
        Console.WriteLine(new JsonObject { ["ok"] = true, ["result"] = Path.GetFullPath(output) }.ToJsonString());
        return 0;
    }

    private static int? OptionalInteger(Arguments arguments, string name) =>
        arguments.Optional(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : null;

    /// <summary>Keeps every epoch's record and every step's loss, and prints one line per epoch on stderr.</summary>
    private sealed class EpochLog(Action<int>? afterEpoch) : ITrainingObserver
    {
        public List<EpochRecord> Records { get; } = [];

        public List<List<double>> StepLosses { get; } = [];

        public void OnStep(in TrainingProgress progress)
        {
            while (StepLosses.Count <= progress.Epoch)
            {
                StepLosses.Add([]);
            }

            StepLosses[progress.Epoch].Add(progress.Loss);
        }

        public void OnEpochCompleted(EpochSummary summary)
        {
            var r = summary.Record;
            Records.Add(r);
            afterEpoch?.Invoke(r.Epoch);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"epoch {r.Epoch}: lr {r.LearningRate:g4} train loss {r.TrainLoss:F4} top-1 {r.TrainTop1:P2}; test loss {r.TestLoss:F4} top-1 {r.TestTop1:P2}; {r.TrainSeconds:F0} s training, {r.ImagesPerSecond:F0} images/s"));
        }
    }
}
