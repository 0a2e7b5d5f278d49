using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using TorchTraining.Checkpoints;
using TorchTraining.Loading;
using TorchTraining.Metrics;
using TorchTraining.Step;
using static TorchSharp.torch;

namespace TorchTraining;

/// <summary>
/// Trains an image classifier the way torchvision's references/classification/train.py does: per epoch, the training
/// steps (train mode), the schedule, an evaluation on the test source (and of the moving average, when kept), a
/// checkpoint and a line of metrics.
/// </summary>
/// <remarks>
/// <para>
/// Resume is exact: on the CPU with the same thread count, options and data, a run resumed from a checkpoint ends with
/// bit-identical weights, buffers and optimizer state to an uninterrupted run. A checkpoint holds everything that
/// changes during training: parameters and buffers, optimizer state, the schedule's position (epoch and step), the
/// moving average, torch's CPU generator state, the best metric and the metrics so far.
/// </para>
/// <para>
/// Cancellation finishes the current step, writes a checkpoint of the partial epoch (when there is an output folder)
/// and throws <see cref="OperationCanceledException"/>. Resuming from it continues inside that epoch: the source gives
/// the same batches for the same epoch, so the steps already done are skipped (their batches are still produced by
/// the source, then dropped), and the epoch ends with the same weights and record as without the interruption.
/// A cancellation during the evaluation keeps the finished training of the epoch; the resumed run evaluates again.
/// </para>
/// <para>
/// The trainer owns its optimizer and moving average (dispose it); the model and the sources stay the caller's.
/// Resuming sets torch's global CPU random state, as the run it continues had it.
/// </para>
/// </remarks>
public sealed class Trainer : IDisposable
{
    /// <summary>The metrics of every finished epoch as CSV, rewritten after each epoch in the output folder.</summary>
    public const string MetricsCsvFileName = "metrics.csv";

    /// <summary>The metrics of every finished epoch as JSON lines, rewritten after each epoch in the output folder.</summary>
    public const string MetricsJsonlFileName = "metrics.jsonl";

    private readonly nn.Module<Tensor, Tensor> _model;
    private readonly IBatchSource _train;
    private readonly IBatchSource _test;
    private readonly ITrainingObserver? _observer;
    private readonly optim.Optimizer _optimizer;
    private readonly TrainingStep _step;
    private readonly Device _device;
    private List<EpochRecord> _history = [];
    private PartialEpoch? _partial;
    private bool _ownsOutput;
    private bool _disposed;

    /// <summary>Sets up training of <paramref name="model"/>: parameter groups, optimizer, schedule and moving average.</summary>
    /// <param name="model">Any classifier returning logits [batch, classes], on the device to train on; batches are moved there.</param>
    /// <param name="trainSource">The training batches (shuffled per epoch).</param>
    /// <param name="testSource">The evaluation batches, evaluated after every epoch.</param>
    /// <param name="options">Epochs, optimizer, schedule, and the rest.</param>
    /// <param name="observer">Receives progress; may be null.</param>
    /// <exception cref="ArgumentException">An option is out of range, the training source has no batches, the model no trainable parameters, or the classifier prefix matches none.</exception>
    public Trainer(nn.Module<Tensor, Tensor> model, IBatchSource trainSource, IBatchSource testSource, TrainingOptions options, ITrainingObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(trainSource);
        ArgumentNullException.ThrowIfNull(testSource);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        OptionGuard.Require(trainSource.BatchCount >= 1, "trainSource.BatchCount", "1 or more", trainSource.BatchCount);
        if (options.TuneGlibcAllocator)
        {
            GlibcAllocator.Tune();
        }

        _model = model;
        _train = trainSource;
        _test = testSource;
        _observer = observer;
        Options = options;
        _device = ModelState.DeviceOf(model);
        ParameterGroups = ParameterGrouping.Build(model, options.Optimizer, options.FineTuning);
        Schedule = new LearningRateSchedule(options.Schedule, options.Epochs, trainSource.BatchCount);
        _optimizer = OptimizerFactory.Create(options.Optimizer, ParameterGroups);
        Ema = options.Ema is { } ema ? new ExponentialMovingAverage(model, ema.AdjustedDecay(options.Epochs)) : null;
        _step = new TrainingStep(model, _optimizer, ParameterGroups, Schedule, options, Ema, _device);
    }

    /// <summary>The options the trainer was built with.</summary>
    public TrainingOptions Options { get; }

    /// <summary>The optimizer's parameter groups (weight decay and learning-rate scale of each).</summary>
    public IReadOnlyList<ParameterGroup> ParameterGroups { get; }

    /// <summary>TorchSharp's optimizer (SGD or AdamW), with one parameter group per entry of <see cref="ParameterGroups"/>.</summary>
    public optim.Optimizer Optimizer => _optimizer;

    /// <summary>The learning-rate schedule.</summary>
    public LearningRateSchedule Schedule { get; }

    /// <summary>The moving average of the weights, or null without <see cref="TrainingOptions.Ema"/>.</summary>
    public ExponentialMovingAverage? Ema { get; }

    /// <summary>The records of the finished epochs (the metrics history), oldest first.</summary>
    public IReadOnlyList<EpochRecord> History => _history;

    /// <summary>The epoch that runs next (0-based); inside it when <see cref="StepInEpoch"/> is above 0.</summary>
    public int Epoch { get; private set; }

    /// <summary>Steps of <see cref="Epoch"/> already done (after a cancellation, or a resume from one).</summary>
    public int StepInEpoch { get; private set; }

    /// <summary>The best test top-1 accuracy so far, or null.</summary>
    public double? BestTop1 { get; private set; }

    /// <summary>The epoch of <see cref="BestTop1"/>, or null.</summary>
    public int? BestEpoch { get; private set; }

    /// <summary>The path of <c>last.ckpt</c> in the output folder, or null without one.</summary>
    public string? LastCheckpointPath => Options.OutputDirectory is { } folder ? Path.GetFullPath(Path.Combine(folder, TrainingCheckpoint.LastFileName)) : null;

    /// <summary>The path of <c>best.ckpt</c> in the output folder, or null without one.</summary>
    public string? BestCheckpointPath => Options.OutputDirectory is { } folder ? Path.GetFullPath(Path.Combine(folder, TrainingCheckpoint.BestFileName)) : null;

    /// <summary>For tests: wraps the stream of every checkpoint file being written (e.g. to fail part-way).</summary>
    internal Func<Stream, Stream>? CheckpointStreamWrapper { get; set; }

    /// <summary>Runs the remaining epochs (all of them, or those after the resumed checkpoint) and returns the history.</summary>
    /// <exception cref="TrainingDivergedException">The loss became NaN or infinite; the checkpoints written before are untouched.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; a checkpoint of the partial epoch was written first (with an output folder).</exception>
    /// <exception cref="IOException">
    /// A checkpoint or metrics file could not be written (the previous file is intact), or the output folder holds a
    /// checkpoint of another run: one this trainer neither wrote nor resumed from (nothing is then written).
    /// </exception>
    public IReadOnlyList<EpochRecord> Run(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        RefuseAnotherRunsFolder();
        while (Epoch < Options.Epochs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            RunEpoch(cancellationToken);
        }

        return History;
    }

    /// <summary>
    /// Continues from the checkpoint at <paramref name="checkpointPath"/>: weights and buffers, optimizer state, schedule
    /// position, moving average, torch's CPU random state, best metric and history. Everything is checked before
    /// anything is loaded, so a checkpoint that does not fit leaves the model and the trainer as they were.
    /// </summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="InvalidDataException">The file is not a readable checkpoint.</exception>
    /// <exception cref="CheckpointMismatchException">The checkpoint does not fit the model (shapes, class count), the optimizer, the moving average or the training source; the message names the file and the mismatch.</exception>
    public void Resume(string checkpointPath)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var loaded = LoadedCheckpoint.Read(checkpointPath);
        var manifest = loaded.Manifest;
        var path = loaded.Path;
        if (manifest.Optimizer != Options.Optimizer.Kind)
        {
            throw CheckpointMismatchException.For(path, $"it holds {manifest.Optimizer} state, but the trainer uses {Options.Optimizer.Kind}.");
        }

        using var model = ModelState.Match(_model, loaded.Model);
        TrainingCheckpoint.ThrowIfMismatched(path, model.Problems, "the model");
        if ((manifest.Step > 0 || Schedule.PerIteration) && manifest.StepsPerEpoch != Schedule.StepsPerEpoch)
        {
            throw CheckpointMismatchException.For(path, $"it was written with {manifest.StepsPerEpoch} steps per epoch, but the training source has {Schedule.StepsPerEpoch}.");
        }

        TrainingCheckpoint.ThrowIfMismatched(path, OptimizerStateIO.Mismatches(Options.Optimizer.Kind, ParameterGroups, loaded.Optimizer), "the optimizer state");
        if (Ema is not null)
        {
            if (loaded.Ema is null || manifest.EmaUpdates is null)
            {
                throw CheckpointMismatchException.For(path, "it holds no moving average of the weights, but the options ask for one (Ema).");
            }

            using var average = ModelState.Match(_model, loaded.Ema);
            TrainingCheckpoint.ThrowIfMismatched(path, average.Problems, "the moving average");
        }

        if (!loaded.Rng.ContainsKey(TrainingCheckpoint.CpuGenerator) || (manifest.Step > 0 && manifest.Partial is null))
        {
            throw new InvalidDataException($"Checkpoint '{path}' is incomplete (no random state or no sums of its partial epoch).");
        }

        model.CopyIntoModule();
        _ownsOutput = Options.OutputDirectory is { } folder
            && string.Equals(Path.GetDirectoryName(Path.GetFullPath(path)), Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)),
                OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
        OptimizerStateIO.Import(_optimizer, ParameterGroups, loaded.Optimizer);
        Ema?.Load(loaded.Ema!, manifest.EmaUpdates!.Value);
        random.set_rng_state(loaded.CpuGeneratorState);
        Epoch = manifest.Epoch;
        StepInEpoch = manifest.Step;
        _partial = manifest.Step > 0 ? manifest.Partial : null;
        BestTop1 = manifest.BestTop1;
        BestEpoch = manifest.BestEpoch;
        _history = manifest.History;
    }

    /// <summary>Disposes the optimizer and the moving average (not the model, nor the sources).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _optimizer.Dispose();
        Ema?.Dispose();
    }

    private void RunEpoch(CancellationToken cancellationToken)
    {
        var epoch = Epoch;
        if (StepInEpoch == 0 || _partial is null)
        {
            _partial = new PartialEpoch();
        }

        Train(epoch, _partial, cancellationToken);
        var evaluationStart = Stopwatch.GetTimestamp();
        var (evaluation, emaEvaluation) = Evaluate(epoch, cancellationToken);
        Finish(epoch, _partial, evaluation, emaEvaluation, Stopwatch.GetElapsedTime(evaluationStart).TotalSeconds);
    }

    private void Train(int epoch, PartialEpoch partial, CancellationToken cancellationToken)
    {
        var stepsPerEpoch = Schedule.StepsPerEpoch;
        ApplyFreeze(epoch);
        _model.train();
        _step.SetLearningRates(Schedule.PositionOf(epoch, Math.Min(StepInEpoch, stepsPerEpoch - 1)));
        if (StepInEpoch == 0)
        {
            partial.LearningRate = _step.LearningRate;
        }

        if (StepInEpoch >= stepsPerEpoch)
        {
            return;
        }

        using var correct = tensor(partial.Correct, device: _device).DetachFromDisposeScope();
        var earlierSeconds = partial.TrainSeconds;
        var clock = Stopwatch.StartNew();
        var index = 0;
        // Not the token: cancellation is checked after each step, so that the step finishes and a checkpoint follows.
        using (var batches = _train.GetBatches(epoch, CancellationToken.None).GetEnumerator())
        {
            while (batches.MoveNext())
            {
                var batch = batches.Current;
                if (index < StepInEpoch)
                {
                    batch.Dispose();
                    index++;
                    continue;
                }

                var count = batch.Count;
                bool finite;
                double loss;
                using (batch)
                {
                    finite = _step.Run(batch, epoch, index, correct, out loss);
                }

                if (!finite)
                {
                    throw TrainingDivergedException.At(epoch, index, stepsPerEpoch, loss, File.Exists(LastCheckpointPath) ? LastCheckpointPath : null);
                }

                index++;
                StepInEpoch = index;
                partial.LossSum += loss * count;
                partial.Images += count;
                var elapsed = TimeSpan.FromSeconds(earlierSeconds) + clock.Elapsed;
                _observer?.OnStep(new TrainingProgress(epoch, Options.Epochs, index, stepsPerEpoch, partial.Images, _train.ImageCount, loss,
                    partial.LossSum / partial.Images, _step.LearningRate, elapsed));

                if (cancellationToken.IsCancellationRequested)
                {
                    partial.Correct = correct.item<long>();
                    partial.TrainSeconds = earlierSeconds + clock.Elapsed.TotalSeconds;
                    SaveCheckpoint();
                    throw new OperationCanceledException(cancellationToken);
                }
            }
        }

        partial.Correct = correct.item<long>();
        partial.TrainSeconds = earlierSeconds + clock.Elapsed.TotalSeconds;
        StepInEpoch = stepsPerEpoch;
    }

    private (EvaluationResult Model, EvaluationResult? Ema) Evaluate(int epoch, CancellationToken cancellationToken)
    {
        Action<EvaluationProgress>? progress = _observer is null ? null : p => _observer.OnEvaluationStep(p);
        try
        {
            var evaluation = Evaluator.Run(_model, _test, Options.LabelSmoothing, epoch, isEma: false, progress, cancellationToken, Options.ChannelsLast);
            if (Ema is null)
            {
                return (evaluation, null);
            }

            var trained = ModelState.Clone(_model);
            try
            {
                Ema.CopyTo(_model);
                return (evaluation, Evaluator.Run(_model, _test, Options.LabelSmoothing, epoch, isEma: true, progress, cancellationToken, Options.ChannelsLast));
            }
            finally
            {
                using (var restore = ModelState.Match(_model, trained))
                {
                    restore.CopyIntoModule();
                }

                ModelState.DisposeAll(trained.Values);
            }
        }
        catch (OperationCanceledException)
        {
            SaveCheckpoint();
            throw;
        }
    }

    private void Finish(int epoch, PartialEpoch partial, EvaluationResult evaluation, EvaluationResult? emaEvaluation, double evaluationSeconds)
    {
        var record = new EpochRecord
        {
            Epoch = epoch,
            TrainLoss = partial.Images == 0 ? double.NaN : partial.LossSum / partial.Images,
            TrainTop1 = partial.Images == 0 ? double.NaN : (double)partial.Correct / partial.Images,
            TestLoss = evaluation.Loss,
            TestTop1 = evaluation.Top1,
            TestTop5 = evaluation.TopKAccuracy,
            EmaTestLoss = emaEvaluation?.Loss,
            EmaTestTop1 = emaEvaluation?.Top1,
            EmaTestTop5 = emaEvaluation?.TopKAccuracy,
            LearningRate = partial.LearningRate,
            ImagesPerSecond = partial.TrainSeconds > 0 ? partial.Images / partial.TrainSeconds : 0,
            TrainSeconds = partial.TrainSeconds,
            Seconds = partial.TrainSeconds + evaluationSeconds,
        };
        _history.Add(record);
        var isBest = !double.IsNaN(evaluation.Top1) && (BestTop1 is not { } best || evaluation.Top1 > best);
        if (isBest)
        {
            BestTop1 = evaluation.Top1;
            BestEpoch = epoch;
        }

        Epoch = epoch + 1;
        StepInEpoch = 0;
        _partial = null;
        var checkpoint = SaveCheckpoint();
        if (checkpoint is not null)
        {
            if (isBest)
            {
                AtomicFile.Copy(checkpoint, BestCheckpointPath!, CheckpointStreamWrapper);
            }

            AtomicFile.Write(Path.Combine(Options.OutputDirectory!, MetricsCsvFileName), s => Write(s, MetricsFormat.ToCsv(_history)));
            AtomicFile.Write(Path.Combine(Options.OutputDirectory!, MetricsJsonlFileName), s => Write(s, MetricsFormat.ToJsonLines(_history)));
        }

        _observer?.OnEpochCompleted(new EpochSummary(record, evaluation, emaEvaluation, isBest, checkpoint));
    }

    /// <summary>
    /// Refuses to start writing into a folder whose <c>last.ckpt</c> belongs to another run: a new trainer would
    /// replace it (and best.ckpt and the metrics) silently. The trainer's own checkpoints, and the one it resumed from
    /// in that folder, are its run's.
    /// </summary>
    private void RefuseAnotherRunsFolder()
    {
        // A path that is a file would fail only when the first checkpoint is written, after a whole epoch.
        if (Options.OutputDirectory is { } folder && File.Exists(folder))
        {
            throw new IOException($"The output folder '{Path.GetFullPath(folder)}' is a file; give a folder for the checkpoints and metrics. Nothing was written.");
        }

        if (_ownsOutput || LastCheckpointPath is not { } last || !File.Exists(last))
        {
            return;
        }

        throw new IOException(
            $"The output folder '{Path.GetDirectoryName(last)}' holds the checkpoint of another run ({TrainingCheckpoint.LastFileName}): resume from it (Resume) or choose another folder. Nothing was written.");
    }

    /// <summary>Writes <c>last.ckpt</c> for the current position; returns its path, or null without an output folder.</summary>
    private string? SaveCheckpoint()
    {
        if (LastCheckpointPath is not { } path)
        {
            return null;
        }

        _ownsOutput = true;

        var owned = new List<Tensor>();
        try
        {
            using var rng = random.get_rng_state();
            var manifest = new CheckpointManifest
            {
                Epoch = Epoch,
                Step = StepInEpoch,
                Epochs = Options.Epochs,
                StepsPerEpoch = Schedule.StepsPerEpoch,
                Optimizer = Options.Optimizer.Kind,
                ParameterGroups = ParameterGroups.Select(g => g.Name).ToList(),
                BestTop1 = BestTop1,
                BestEpoch = BestEpoch,
                EmaDecay = Ema?.Decay,
                EmaUpdates = Ema?.UpdateCount,
                Partial = StepInEpoch > 0 ? _partial : null,
                History = [.. _history],
            };
            var content = new CheckpointContent(manifest, _model.state_dict(), OptimizerStateIO.Export(_optimizer, ParameterGroups, owned), Ema?.Average,
                new Dictionary<string, Tensor> { [TrainingCheckpoint.CpuGenerator] = rng }, Options.Card);
            TrainingCheckpointWriter.Write(path, content, CheckpointStreamWrapper);
            return path;
        }
        finally
        {
            ModelState.DisposeAll(owned);
        }
    }

    /// <summary>Freezes the backbone during the first <see cref="FineTuningSettings.FreezeBackboneEpochs"/> epochs and unfreezes it after.</summary>
    private void ApplyFreeze(int epoch)
    {
        if (Options.FineTuning is not { FreezeBackboneEpochs: > 0 } fineTuning)
        {
            return;
        }

        var frozen = epoch < fineTuning.FreezeBackboneEpochs;
        foreach (var parameter in ParameterGroups.Where(g => g.IsBackbone).SelectMany(g => g.Parameters))
        {
            if (parameter.requires_grad == frozen)
            {
                parameter.requires_grad = !frozen;
                if (frozen)
                {
                    parameter.grad = null;
                }
            }
        }
    }

    private static void Write(Stream stream, string text)
    {
        using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true);
        writer.Write(text);
    }
}
