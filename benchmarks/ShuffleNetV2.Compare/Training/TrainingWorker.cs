using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using System.Threading;
using TorchTraining;
using TorchTraining.Datasets;
using TorchTraining.Loading;
using TorchTraining.Metrics;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Compare.Training;

/// <summary>
/// The C# engine of the training speed comparison: this library's <see cref="Trainer"/> on ShuffleNetV2, answering
/// run_training_comparison.py's requests (the protocol of <see cref="JsonLines"/>; pytorch_train_worker.py answers the
/// same). "time" runs training steps on one repeated batch (no data loading) and returns each step's time and the
/// block's peak resident memory; "epoch" trains one whole epoch of Fashion-MNIST through the data loader.
/// </summary>
internal sealed class TrainingWorker : IDisposable
{
    public const int Classes = 10;

    private readonly TrainingDirectory _directory;
    private readonly TrainingRecipe _recipe;
    private readonly string _data;
    private readonly bool _tuneAllocator;
    private readonly bool _channelsLast;
    private readonly Dictionary<string, StepBench> _benches = new(StringComparer.Ordinal);

    public TrainingWorker(TrainingDirectory directory, TrainingRecipe recipe, string data, int threads, bool tuneAllocator, bool channelsLast = false)
    {
        _tuneAllocator = tuneAllocator;
        _channelsLast = channelsLast;
        _directory = directory;
        // Every run of this worker stays in the recipe's first warm-up epoch (train.py's rate for it): steady, small steps.
        _recipe = recipe.With(new JsonObject { ["epochs"] = 3, ["warmup_epochs"] = 2, ["per_iteration"] = false });
        _data = data;
        set_num_threads(threads);
    }

    public void Serve(System.IO.TextReader input, System.IO.TextWriter output) => JsonLines.Serve(input, output, Handle);

    public JsonObject Handle(JsonObject request)
    {
        var command = JsonLines.Text(request, "cmd");
        return command switch
        {
            "info" => Info(),
            "load" => Load(Width(request), JsonLines.Number(request, "batch", 128), JsonLines.Number(request, "size", 64)),
            "time" => Time(Width(request), JsonLines.Number(request, "batch", 128), JsonLines.Number(request, "size", 64),
                JsonLines.Number(request, "warmup", 1), JsonLines.Number(request, "iterations", 1)),
            "epoch" => Epoch(Width(request), JsonLines.Number(request, "batch", 128), JsonLines.Number(request, "size", 64),
                JsonLines.Number(request, "workers", 1), request["limit"]?.GetValue<int>()),
            _ => throw new ArgumentException($"Unknown command '{command}'; use info, load, time, epoch or quit."),
        };
    }

    public JsonObject Info() => new()
    {
        ["engine"] = "torchsharp",
        ["description"] = "this library's Trainer (TorchTraining) on its ShuffleNetV2" + (_channelsLast ? " with channels-last activations (ChannelsLast = true)" : ""),
        ["process"] = $"{RuntimeInformation.FrameworkDescription}, pid {Environment.ProcessId}",
        ["torchsharp"] = typeof(TorchSharp.torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0],
        ["libtorch"] = __version__,
        ["threads"] = get_num_threads(),
        ["tune_glibc_allocator"] = _tuneAllocator,
        ["channels_last"] = _channelsLast,
        ["recipe"] = JsonNode.Parse(_recipe.ToJson()),
    };

    public JsonObject Load(string width, int batch, int size)
    {
        var start = Stopwatch.GetTimestamp();
        _ = Bench(width, batch, size);
        return new JsonObject { ["load_ms"] = Stopwatch.GetElapsedTime(start).TotalMilliseconds };
    }

    /// <summary>
    /// <paramref name="warmup"/> + <paramref name="iterations"/> steps; each timed step runs from the end of the step before
    /// it to its own end (the batch hand-out, forward, loss, backward, optimizer step and the trainer's bookkeeping).
    /// </summary>
    public JsonObject Time(string width, int batch, int size, int warmup, int iterations)
    {
        if (warmup < 1 || iterations < 1)
        {
            throw new ArgumentException($"Need warmup >= 1 (the first step of a block also starts the run) and iterations >= 1, got {warmup} and {iterations}.");
        }

        var bench = Bench(width, batch, size);
        var peakReset = PeakMemory.ResetPeak();
        var before = PeakMemory.ResidentMiB();
        using (var stop = new CancellationTokenSource())
        {
            bench.Clock.Start(warmup + iterations, stop);
            try
            {
                bench.Trainer.Run(stop.Token);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
        }

        var ends = bench.Clock.Ends;
        var times = Enumerable.Range(warmup, iterations).Select(i => Stopwatch.GetElapsedTime(ends[i - 1], ends[i]).TotalMilliseconds).ToArray();
        return new JsonObject
        {
            ["width"] = width,
            ["batch"] = batch,
            ["size"] = size,
            ["times_ms"] = new JsonArray(times.Select(t => (JsonNode?)t).ToArray()),
            ["rss_before_mib"] = before,
            ["peak_rss_mib"] = peakReset ? PeakMemory.PeakMiB() : null,
        };
    }

    /// <summary>One epoch of Fashion-MNIST's training set (or its first <paramref name="limit"/> images) through the data loader, with the recipe's augmentation, from the initial weights.</summary>
    public JsonObject Epoch(string width, int batch, int size, int workers, int? limit)
    {
        var recipe = _recipe.With(new JsonObject { ["batch_size"] = batch, ["image_size"] = size });
        using var model = ShuffleNetV2.FromWeights(_directory.InitialWeights(width));
        model.ChannelsLast = _channelsLast;
        var train = FashionMnistData.TrainLoader(FashionMnistData.Open(_data, IdxSplit.Train, limit), recipe, shuffle: true, seed: 1, workers: workers);
        using var tiny = new RepeatedBatchSource(2, size, Classes, 3);
        using var stop = new CancellationTokenSource();
        var observer = new EpochObserver(stop);
        PeakMemory.ResetPeak();
        var before = PeakMemory.ResidentMiB();
        using (var trainer = new Trainer(model, train, new FirstBatch(tiny), recipe.ToOptions(_tuneAllocator), observer))
        {
            try
            {
                trainer.Run(stop.Token);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
        }

        var record = observer.Record ?? throw new InvalidOperationException("The epoch did not finish.");
        return new JsonObject
        {
            ["width"] = width,
            ["batch"] = batch,
            ["size"] = size,
            ["workers"] = workers,
            ["images"] = train.ImageCount,
            ["seconds"] = record.TrainSeconds,
            ["images_per_second"] = record.ImagesPerSecond,
            ["train_loss"] = record.TrainLoss,
            ["rss_before_mib"] = before,
            ["peak_rss_mib"] = PeakMemory.PeakMiB(),
        };
    }

    public void Dispose()
    {
        foreach (var bench in _benches.Values)
        {
            bench.Dispose();
        }
    }

    private static string Width(JsonObject request) => ShuffleNetV2Widths.Parse(JsonLines.Text(request, "width")).ToText();

    private StepBench Bench(string width, int batch, int size)
    {
        var key = $"{width}/{batch}/{size}";
        if (!_benches.TryGetValue(key, out var bench))
        {
            var model = ShuffleNetV2.FromWeights(_directory.InitialWeights(width));
            model.ChannelsLast = _channelsLast;
            bench = new StepBench(model, batch, size, _recipe.ToOptions(_tuneAllocator));
            _benches[key] = bench;
        }

        return bench;
    }

    /// <summary>A network, its repeated batch and a trainer that stays in its first epoch, kept across blocks.</summary>
    private sealed class StepBench : IDisposable
    {
        private readonly ShuffleNetV2 _model;
        private readonly RepeatedBatchSource _source;
        private readonly RepeatedBatchSource _test;

        public StepBench(ShuffleNetV2 model, int batch, int size, TrainingOptions options)
        {
            _model = model;
            _source = new RepeatedBatchSource(batch, size, Classes, (ulong)batch);
            _test = new RepeatedBatchSource(2, size, Classes, 3);
            Clock = new StepClock();
            Trainer = new Trainer(model, _source, _test, options, Clock);
        }

        public Trainer Trainer { get; }

        public StepClock Clock { get; }

        public void Dispose()
        {
            Trainer.Dispose();
            _model.Dispose();
            _source.Dispose();
            _test.Dispose();
        }
    }

    /// <summary>Cancels the run once the first epoch (training and its small evaluation) is complete, keeping its record.</summary>
    private sealed class EpochObserver(CancellationTokenSource stop) : ITrainingObserver
    {
        public EpochRecord? Record { get; private set; }

        public void OnEpochCompleted(EpochSummary summary)
        {
            Record = summary.Record;
            stop.Cancel();
        }
    }

    /// <summary>The first batch of another source: a minimal evaluation set.</summary>
    private sealed class FirstBatch(IBatchSource inner) : IBatchSource
    {
        public int ImageCount => inner.ImageCount / inner.BatchCount;

        public int BatchCount => 1;

        public IEnumerable<Batch> GetBatches(int epoch, CancellationToken cancellationToken = default) => inner.GetBatches(epoch, cancellationToken).Take(1);
    }
}
