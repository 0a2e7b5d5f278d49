using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using ShuffleNet.Torch.Measurement.Soak;
using TorchSharp;
using ShuffleNet.Torch.Measurement;
using TorchTraining;
using TorchTraining.Datasets;
using TorchTraining.Metrics;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Compare.Training;

/// <summary>
/// The training memory soak: many epochs of training and evaluation with this library's <see cref="Trainer"/>
/// on a Fashion-MNIST subset through its <c>DataLoader</c> (the sample's augmentation), a checkpoint each epoch, and
/// after each epoch the live tensor count of the training thread and the process's resident memory (after a full
/// garbage collection). Passes when every epoch ends with the live count of the first, disposing the trainer brings
/// it back to the count before it, and (full runs only) RSS stays within 5 % of its value after the first epoch.
/// </summary>
internal static class MemorySoakCommand
{
    public const double MaxRssGrowth = 0.05;

    public static int Run(IReadOnlyList<string> args)
    {
        var quick = args.Contains("--quick");
        var arguments = Arguments.Parse(args.Where(a => a != "--quick"), "data", "width", "epochs", "train", "test", "size", "batch", "workers", "threads", "seed");
        var width = ShuffleNetV2Widths.Parse(arguments.Text("width", "0.5"));
        var epochs = arguments.Integer("epochs", quick ? 3 : 20, minimum: 2);
        var trainImages = arguments.Integer("train", quick ? 512 : 6000, minimum: 1);
        var testImages = arguments.Integer("test", quick ? 256 : 2000, minimum: 1);
        var size = arguments.Integer("size", quick ? 28 : 32, minimum: 16);
        var batch = arguments.Integer("batch", quick ? 64 : 128, minimum: 1);
        var workers = arguments.Integer("workers", 2);
        var seed = arguments.Integer("seed", 0);
        var data = arguments.Text("data", FashionMnistData.DefaultFolder);
        set_num_threads(arguments.Integer("threads", 2, minimum: 1));

        var recipe = SampleLikeRecipe(size, batch, epochs);
        var train = FashionMnistData.TrainLoader(FashionMnistData.Open(data, IdxSplit.Train, trainImages), recipe, shuffle: true, seed: seed, workers: workers,
            randomErasing: LoaderCostCommand.RandomErasing, dropLast: true);
        var test = FashionMnistData.TestLoader(FashionMnistData.Open(data, IdxSplit.Test, testImages), recipe, workers);
        var output = Directory.CreateTempSubdirectory("train-soak-").FullName;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Training memory soak{(quick ? " (quick: proves it runs; the RSS numbers mean nothing)" : "")}: ShuffleNetV2 {width.ToText()}, {epochs} epochs, "
            + $"{train.ImageCount} training images ({train.BatchCount} steps of {batch}) and {test.ImageCount} test images of {data} at {size}x{size}, "
            + $"{workers} loader worker(s), {get_num_threads()} threads; augmentation Resize, RandomCrop(padding {recipe.CropPadding}), RandomHorizontalFlip, "
            + $"Normalize, RandomErasing({LoaderCostCommand.RandomErasing}); SGD momentum {recipe.Options.Optimizer.Momentum}, a checkpoint per epoch in {output}"));
        Console.WriteLine($"load average before: {MachineLoad.Average()}");

        try
        {
            manual_seed(seed);
            using var model = ShuffleNetV2.Create(width, numClasses: TrainingWorker.Classes);
            var liveBefore = LiveTensors();
            var rssBefore = ProcessMemory.ResidentBytes();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"before the trainer: {liveBefore} live tensors ({model.parameters().Count()} parameters, {model.buffers().Count()} buffers), RSS {Mib(rssBefore)}"));
            var observer = new EpochMemory(epochs);
            using (var trainer = new Trainer(model, train, test, recipe.ToOptions() with { OutputDirectory = output }, observer))
            {
                trainer.Run();
            }

            var liveAfterDispose = LiveTensors();
            var rssAfterDispose = ProcessMemory.ResidentBytes();
            Console.WriteLine($"after disposing the trainer: {liveAfterDispose} live tensors, RSS {Mib(rssAfterDispose)}");
            Console.WriteLine($"load average after: {MachineLoad.Average()}");
            return Verdict(observer.Samples, liveBefore, liveAfterDispose, quick);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    /// <summary>The sample's recipe for IDX data at this size (SGD, momentum 0.9, lr 0.1, warm-up then cosine per step, label smoothing 0.1, padding size/8).</summary>
    public static TrainingRecipe SampleLikeRecipe(int size, int batch, int epochs) => TrainingRecipe.FromJson(
        new JsonObject
        {
            ["image_size"] = size,
            ["batch_size"] = batch,
            ["crop_padding"] = Math.Max(1, size / 8),
            ["epochs"] = epochs,
            ["warmup_epochs"] = Math.Min(2, epochs - 1),
            ["per_iteration"] = true,
            ["learning_rate"] = 0.1,
            ["nesterov"] = false,
        },
        "The sample-like recipe");

    private static int Verdict(IReadOnlyList<Sample> samples, long liveBefore, long liveAfterDispose, bool quick)
    {
        var first = samples[0];
        var sameLive = samples.All(s => s.Live == first.Live);
        var worst = samples.Skip(1).Max(s => s.GrowthOver(first));
        var last = samples[^1].GrowthOver(first);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"live tensors after each epoch: {string.Join(", ", samples.Select(s => s.Live))} ({(sameLive ? "all equal" : "NOT all equal")}); "
            + $"the {first.Live - liveBefore} above the count before the trainer are the optimizer's state; after disposing the trainer {liveAfterDispose} "
            + $"({(liveAfterDispose == liveBefore ? "= before" : "NOT the count before")})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RSS after epoch 1: {Mib(first.Rss)}; largest growth since: {worst:+0.00%;-0.00%} (epoch {samples.Skip(1).MaxBy(s => s.GrowthOver(first))!.Epoch}); "
            + $"after the last epoch: {last:+0.00%;-0.00%} (bound {MaxRssGrowth:P0})"));
        var liveOk = sameLive && liveAfterDispose == liveBefore;
        var rssOk = quick || worst < MaxRssGrowth;
        Console.WriteLine(liveOk && rssOk
            ? quick ? "PASS (quick: live tensor counts only)" : "PASS: the live tensor count came back after every epoch and RSS grew by less than 5 % after the first epoch."
            : $"FAIL:{(liveOk ? "" : " live tensor count")}{(rssOk ? "" : " RSS growth")}");
        return liveOk && rssOk ? 0 : 1;
    }

    private static long LiveTensors() => DisposeScopeManager.Statistics.ThreadTotalLiveCount;

    private static string Mib(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):F1} MiB");

    private sealed record Sample(int Epoch, long Live, long Rss)
    {
        public double GrowthOver(Sample first) => (double)(Rss - first.Rss) / first.Rss;
    }

    /// <summary>Measures after each epoch (its evaluation and checkpoint done) on the training thread, and prints a line.</summary>
    private sealed class EpochMemory(int epochs) : ITrainingObserver
    {
        private readonly List<Sample> _samples = [];

        public IReadOnlyList<Sample> Samples => _samples;

        public void OnEpochCompleted(EpochSummary summary)
        {
            var record = summary.Record;
            var sample = new Sample(record.Epoch + 1, LiveTensors(), ProcessMemory.ResidentBytes());
            _samples.Add(sample);
            var malloc = ProcessMemory.MallocInUseBytes() is { } bytes ? $", malloc in use {Mib(bytes)}" : "";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"epoch {sample.Epoch,2}/{epochs}: train loss {record.TrainLoss:F4}, test top-1 {record.TestTop1:P2}, {record.Seconds,5:F1} s | "
                + $"live tensors {sample.Live} | RSS {Mib(sample.Rss)} ({sample.GrowthOver(_samples[0]):+0.00%;-0.00%} since epoch 1){malloc}"));
        }
    }
}
