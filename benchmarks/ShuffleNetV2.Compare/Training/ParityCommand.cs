using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using ShuffleNet.Torch.Weights;
using TorchCheckpoints;
using TorchSharp;
using TorchTraining;
using TorchTraining.Datasets;
using TorchTraining.Metrics;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Compare.Training;

/// <summary>
/// The C# half of the step-parity check: this library's <see cref="Trainer"/> from the prepared initial weights, on
/// Fashion-MNIST in the files' order with a fixed transform, for a number of steps. Writes the per-step losses and
/// learning rates, the batches' checksums, the test evaluation after the first epoch, and the weights (with BatchNorm
/// statistics) at the snapshot steps and after the first epoch, in PyTorch's zip format with torchvision's keys.
/// </summary>
internal static class ParityCommand
{
    public static int Run(Arguments arguments)
    {
        var directory = new TrainingDirectory(arguments.Text("dir"));
        var width = ShuffleNetV2Widths.Parse(arguments.Text("width", "0.5")).ToText();
        var recipe = TrainingRecipe.Read(arguments.Text("recipe"));
        var steps = arguments.Integer("steps", 500, minimum: 1);
        var snapshots = arguments.Text("snapshots", "1,20,100,500").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToHashSet();
        var label = arguments.Text("label", recipe.Options.Optimizer.Kind.ToString().ToLowerInvariant());
        var limit = arguments.Optional("limit") is { } text ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : (int?)null;
        var testLimit = arguments.Optional("test-limit") is { } testText ? int.Parse(testText, System.Globalization.CultureInfo.InvariantCulture) : (int?)null;
        var data = arguments.Text("data", FashionMnistData.DefaultFolder);
        var dtype = arguments.Text("dtype", "float32") switch
        {
            "float32" => ScalarType.Float32,
            "float64" => ScalarType.Float64,
            var other => throw new ArgumentException($"--dtype must be float32 or float64, got '{other}'."),
        };
        set_num_threads(arguments.Integer("threads", 2, minimum: 1));
        if (recipe.Augment)
        {
            throw new ArgumentException("A parity recipe has no random augmentation: set \"augment\": false.");
        }

        using var model = ShuffleNetV2.FromWeights(directory.InitialWeights(width));
        model.to(dtype);
        var train = new ChecksummedBatches(FashionMnistData.TrainLoader(FashionMnistData.Open(data, IdxSplit.Train, limit), recipe, shuffle: false, seed: 0, workers: 1), dtype);
        var test = new ChecksummedBatches(FashionMnistData.TestLoader(FashionMnistData.Open(data, IdxSplit.Test, testLimit), recipe, workers: 1), dtype);
        using var stop = new CancellationTokenSource();
        var observer = new ParityObserver(model, directory, label, steps, snapshots, stop);
        var clock = Stopwatch.StartNew();
        using (var trainer = new Trainer(model, train, test, recipe.ToOptions(), observer))
        {
            try
            {
                trainer.Run(stop.Token);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
        }

        var result = new JsonObject
        {
            ["side"] = "torchsharp",
            ["label"] = label,
            ["width"] = width,
            ["dtype"] = dtype == ScalarType.Float64 ? "float64" : "float32",
            ["threads"] = get_num_threads(),
            ["steps"] = observer.Losses.Count,
            ["steps_per_epoch"] = train.BatchCount,
            ["seconds"] = clock.Elapsed.TotalSeconds,
            ["losses"] = Numbers(observer.Losses),
            ["learning_rates"] = Numbers(observer.LearningRates),
            ["batch_sums"] = new JsonArray(train.Sums.Take(observer.Losses.Count).Select(s => (JsonNode?)Numbers(s)).ToArray()),
            ["snapshots"] = observer.Snapshots,
            ["epoch"] = observer.Epoch,
        };
        File.WriteAllText(directory.ParityResult(label, "torchsharp"), result.ToJsonString());
        Console.WriteLine(new JsonObject { ["ok"] = true, ["result"] = directory.ParityResult(label, "torchsharp") }.ToJsonString());
        return 0;
    }

    private static JsonArray Numbers(IEnumerable<double> values) => new(values.Select(v => (JsonNode?)v).ToArray());

    private sealed class ParityObserver(ShuffleNetV2 model, TrainingDirectory directory, string label, int steps, HashSet<int> snapshots, CancellationTokenSource stop)
        : ITrainingObserver
    {
        public List<double> Losses { get; } = [];

        public List<double> LearningRates { get; } = [];

        public JsonObject Snapshots { get; } = [];

        public JsonObject? Epoch { get; private set; }

        public void OnStep(in TrainingProgress progress)
        {
            Losses.Add(progress.Loss);
            LearningRates.Add(progress.LearningRate);
            var step = Losses.Count;
            if (snapshots.Contains(step))
            {
                Snapshots[step.ToString(System.Globalization.CultureInfo.InvariantCulture)] = Save($"step{step}");
            }

            if (step >= steps)
            {
                stop.Cancel();
            }
        }

        public void OnEpochCompleted(EpochSummary summary)
        {
            if (Epoch is not null)
            {
                return;
            }

            Epoch = new JsonObject
            {
                ["steps"] = Losses.Count,
                ["weights"] = Save("epoch1"),
                ["train_loss"] = summary.Record.TrainLoss,
                ["train_top1"] = summary.Record.TrainTop1,
                ["test_loss"] = summary.Evaluation.Loss,
                ["test_top1"] = summary.Evaluation.Top1,
            };
        }

        private string Save(string name)
        {
            var path = directory.ParitySnapshot(label, "torchsharp", name);
            model.SaveWeights(path, CheckpointFormat.PyTorchZip, WeightsKeyStyle.Torchvision);
            return path;
        }
    }
}
