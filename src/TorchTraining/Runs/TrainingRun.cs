using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using TorchCheckpoints;
using TorchCheckpoints.Hub;
using TorchTraining.Checkpoints;
using TorchTraining.Datasets;
using TorchTraining.Loading;
using TorchTraining.Metrics;
using TorchTraining.Reporting;
using TorchTraining.Transforms;
using static TorchSharp.torch;

namespace TorchTraining.Runs;

/// <summary>
/// A whole training run as one call: a data folder and a network in, a run folder out (checkpoints and metrics after
/// every epoch; at the end the network's files, the charts and the model card). <see cref="Prepare"/> makes every
/// check first; <see cref="Run"/> trains.
/// </summary>
/// <remarks>
/// <para>
/// The run folder: <c>last.ckpt</c> and <c>best.ckpt</c> (each holding the model card), <c>metrics.csv</c> and
/// <c>metrics.jsonl</c> after every epoch; at the end the factory's files (for example <c>model.pth</c> and
/// <c>model.onnx</c>), <c>curves.png</c>, <c>confusion.png</c> and, last, <c>model.json</c> (see
/// <see cref="TrainingRunFiles"/>). <c>model.json</c> is written only by a run that finished, so a folder with it
/// holds a finished model; an interrupted or failed run leaves its checkpoints, which carry the card, to resume from.
/// </para>
/// <para>
/// Process-wide state: <see cref="Run"/> seeds torch's CPU generator with the run's seed before building the network
/// (and a resumed run sets it to the checkpoint's state, as the trainer does); TorchSharp's thread count changes only
/// with <see cref="TrainingRunOptions.Threads"/>, for the duration of the run; glibc's allocator is tuned only with
/// <see cref="TrainingRunOptions.TuneGlibcAllocator"/> (off by default).
/// </para>
/// </remarks>
public sealed class TrainingRun
{
    private readonly ITrainableClassifierFactory _factory;
    private readonly RunSettings _settings;
    private int _started;

    private TrainingRun(TrainingRunOptions options, ITrainableClassifierFactory factory, RunSettings settings, ImageData data, string outputFolder,
        ImageClassificationTransform transform, Compose trainingTransform, TrainingOptions trainingOptions, CheckpointInfo? resume, int stepsPerEpoch, IReadOnlyList<string> notices)
    {
        Options = options;
        _factory = factory;
        _settings = settings;
        Data = data;
        OutputFolder = outputFolder;
        Transform = transform;
        TrainingTransform = trainingTransform;
        TrainingOptions = trainingOptions;
        ResumeCheckpoint = resume;
        StepsPerEpoch = stepsPerEpoch;
        Notices = notices;
    }

    /// <summary>The options the run was prepared with.</summary>
    public TrainingRunOptions Options { get; }

    /// <summary>The recipe: the options' preset, or the one chosen for the data and the network.</summary>
    public TrainingPreset Preset => _settings.Preset;

    /// <summary>The input height and width in pixels.</summary>
    public int Size => _settings.Size;

    /// <summary>The data, opened: training and test images, classes, and how the test images were chosen.</summary>
    public ImageData Data { get; }

    /// <summary>The run folder's full path (created by <see cref="Run"/> when missing).</summary>
    public string OutputFolder { get; }

    /// <summary>The evaluation transform (the model card's); the test images go through <c>Compose.ForEvaluation</c> of it.</summary>
    public ImageClassificationTransform Transform { get; }

    /// <summary>The training augmentation.</summary>
    public Compose TrainingTransform { get; }

    /// <summary>What the trainer gets: epochs, optimizer, schedule, loss, moving average, fine-tuning, output folder and the card stored in every checkpoint.</summary>
    public TrainingOptions TrainingOptions { get; }

    /// <summary>The model card stored in every checkpoint (the final card adds the metrics and the time).</summary>
    public ModelCard Card => TrainingOptions.Card!;

    /// <summary>The checkpoint the run continues from, or null for a new run.</summary>
    public CheckpointInfo? ResumeCheckpoint { get; }

    /// <summary>Training steps per epoch (full batches of the training images).</summary>
    public int StepsPerEpoch { get; }

    /// <summary>What the caller should be told before training, one line each: image files left out, a schedule that changes on resume.</summary>
    public IReadOnlyList<string> Notices { get; }

    /// <summary>
    /// Checks everything a run needs, without creating or writing anything: the options, the output folder (not a
    /// file, no other run in it, writable), the checkpoint to resume from (readable, and continued by this run: same
    /// network, classes, optimizer, moving average and steps per epoch), and the data (it opens, as the layout and
    /// options say). The only trace on disk is an empty probe file, created and deleted in the nearest existing
    /// folder to check that the run can write there.
    /// </summary>
    /// <param name="options">The data, the run folder and the overrides of the preset.</param>
    /// <param name="factory">The network's library: builds the network and writes its files.</param>
    /// <returns>The prepared run.</returns>
    /// <exception cref="ArgumentException">An option is out of range or does not apply (the message names it and its value), or the training images make no full batch.</exception>
    /// <exception cref="DirectoryNotFoundException">The data folder does not exist.</exception>
    /// <exception cref="DataLayoutException">The data folder holds neither layout.</exception>
    /// <exception cref="InvalidDataException">The data folder holds an unusable file (named), or the resume checkpoint is unreadable.</exception>
    /// <exception cref="FileNotFoundException">The checkpoint to resume from does not exist.</exception>
    /// <exception cref="CheckpointMismatchException">The checkpoint cannot be continued by this run (the message says why).</exception>
    /// <exception cref="IOException">The output folder is a file, lies under a file, holds another run, or cannot be written.</exception>
    public static TrainingRun Prepare(TrainingRunOptions options, ITrainableClassifierFactory factory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(factory);
        RunSettings.CheckRanges(options, factory.IsPretrained);

        var folder = RunFolder.Inspect(options.OutputFolder, factory.WeightsFileName);
        var resumePath = options.ResumeFrom is { } from ? RunFolder.FullPath(from) : options.Resume ? Path.Combine(folder.Path, TrainingRunFiles.LastCheckpoint) : null;
        folder.RefuseOtherRun(resumePath);
        var resume = resumePath is null ? null : ResumeCheck.Read(resumePath, fromFolder: options.ResumeFrom is null);

        var data = ImageData.Open(options.DataPath, new ImageDataOptions
        {
            Classes = options.Classes,
            ValidationFraction = options.ValidationFraction,
            SplitSeed = options.Seed,
            SkipUnreadableFiles = options.SkipUnreadableFiles,
        });
        if (data.Kind == ImageDataKind.Idx && options.Classes is not null)
        {
            throw new ArgumentException("Classes names an image folder's subfolders; IDX data has numbered labels whose names the IDX set gives.", nameof(options));
        }

        var train = data.Train!;
        var settings = RunSettings.Resolve(options, options.Preset ?? TrainingPreset.For(data.Kind, factory.IsPretrained), factory);
        var stepsPerEpoch = train.Count / settings.BatchSize;
        if (stepsPerEpoch == 0)
        {
            throw new ArgumentException($"BatchSize {settings.BatchSize} is more than the {train.Count} training images in '{data.Path}': no full batch to train on.", nameof(options));
        }

        var transform = settings.Preset.EvaluationTransform(settings.Size, train);
        var trainingTransform = settings.Preset.TrainingTransform(settings.Size, transform, settings.RandomErasing);
        var card = RunCard.ForCheckpoints(factory, data, transform, settings);
        var notices = new List<string>();
        if (data.SkippedFiles.Count > 0)
        {
            notices.Add(string.Create(CultureInfo.InvariantCulture, $"{data.SkippedFiles.Count} image file(s) that cannot be decoded were left out, e.g. '{data.SkippedFiles[0]}'."));
        }

        if (resume is not null)
        {
            notices.AddRange(ResumeCheck.Check(resume, card, settings, stepsPerEpoch, train.Count));
        }

        var trainingOptions = settings.ToTrainingOptions(folder.Path, card) with { TuneGlibcAllocator = options.TuneGlibcAllocator, ChannelsLast = options.ChannelsLast };
        trainingOptions.Validate();
        folder.ProbeWritable();
        return new TrainingRun(options, factory, settings, data, folder.Path, transform, trainingTransform, trainingOptions, resume, stepsPerEpoch, notices);
    }

    /// <summary>
    /// Trains: builds the network (torch's generator seeded with the run's seed), resumes from the checkpoint when
    /// asked (checking it against the network before anything is written), creates the run folder, trains every
    /// remaining epoch, then writes the network's files, <c>curves.png</c>, <c>confusion.png</c> and <c>model.json</c>.
    /// A run runs once.
    /// </summary>
    /// <param name="observer">Receives the progress of every step, evaluation batch and epoch; may be null.</param>
    /// <param name="cancellationToken">Stops after the current step; <c>last.ckpt</c> then holds the run so far.</param>
    /// <returns>The history, the final evaluation, the card and the files.</returns>
    /// <exception cref="OperationCanceledException">Cancelled: <c>last.ckpt</c> holds the run so far (when a step was done); no <c>model.json</c> is written.</exception>
    /// <exception cref="TrainingDivergedException">The loss became NaN or infinite.</exception>
    /// <exception cref="CheckpointMismatchException">The checkpoint to resume from (one without a model card) does not fit the network; nothing was written.</exception>
    /// <exception cref="IOException">
    /// A file could not be written, or an image file cannot be decoded (<c>ImageFileException</c>, naming the file;
    /// <see cref="TrainingRunOptions.SkipUnreadableFiles"/> leaves such files out). The run stops without
    /// <c>model.json</c>; the checkpoint of the last finished epoch stays.
    /// </exception>
    /// <exception cref="InvalidOperationException">The run was already started.</exception>
    public TrainingRunResult Run(ITrainingObserver? observer = null, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            throw new InvalidOperationException("This training run was already started: prepare another one (TrainingRun.Prepare).");
        }

        var previousThreads = get_num_threads();
        if (Options.Threads is { } threads)
        {
            set_num_threads(threads);
        }

        try
        {
            return Train(observer, cancellationToken);
        }
        finally
        {
            if (Options.Threads is not null)
            {
                set_num_threads(previousThreads);
            }
        }
    }

    private TrainingRunResult Train(ITrainingObserver? observer, CancellationToken cancellationToken)
    {
        random.manual_seed(_settings.Seed);
        using var model = _factory.CreateModule(Data.Classes.Count);
        var train = new DataLoader(Data.Train!, TrainingTransform,
            new DataLoaderOptions { BatchSize = _settings.BatchSize, Shuffle = true, DropLast = true, Workers = _settings.Workers, Seed = _settings.Seed });
        var test = new DataLoader(Data.Test, Compose.ForEvaluation(Transform),
            new DataLoaderOptions { BatchSize = Preset.EvaluationBatchSize, Workers = _settings.Workers, Seed = _settings.Seed });
        var relay = new LastEpochObserver(observer);
        using var trainer = new Trainer(model, train, test, TrainingOptions, relay);
        if (ResumeCheckpoint is { } resume)
        {
            // Everything is checked against the network before anything is loaded or written.
            trainer.Resume(resume.Path);
        }

        Directory.CreateDirectory(OutputFolder);
        trainer.Run(cancellationToken);

        var final = relay.Last?.Evaluation ?? Evaluator.Evaluate(model, test, _settings.LabelSmoothing, trainer.History.Count - 1, cancellationToken: cancellationToken);
        var card = RunCard.Final(Card, final, trainer.BestTop1, trainer.BestEpoch);
        var files = new List<string> { trainer.LastCheckpointPath!, trainer.BestCheckpointPath!, InFolder(TrainingRunFiles.MetricsCsv), InFolder(TrainingRunFiles.MetricsJsonl) };
        model.eval();
        files.AddRange(_factory.WriteArtifacts(model, card, OutputFolder).Select(InFolder));
        TrainingCurvesChart.Write(InFolder(TrainingRunFiles.Curves), trainer.History);
        var last = trainer.History[^1];
        ConfusionMatrixChart.Write(InFolder(TrainingRunFiles.Confusion), final.Confusion, Data.Classes,
            string.Create(CultureInfo.InvariantCulture, $"Confusion matrix: {Data.TestSplit} images after epoch {last.Epoch + 1} (top-1 {final.Top1 * 100:0.00}%)"));
        files.Add(InFolder(TrainingRunFiles.Curves));
        files.Add(InFolder(TrainingRunFiles.Confusion));

        // Last: a folder with model.json holds a finished model.
        card.Write(InFolder(TrainingRunFiles.Card));
        files.Add(InFolder(TrainingRunFiles.Card));

        var seconds = trainer.History.Sum(r => r.TrainSeconds);
        var images = trainer.History.Sum(r => r.ImagesPerSecond * r.TrainSeconds);
        return new TrainingRunResult(OutputFolder, card, Data, trainer.History, final, trainer.BestTop1, trainer.BestEpoch,
            files.Where(File.Exists).ToList(), seconds > 0 ? images / seconds : 0);
    }

    private string InFolder(string name) => Path.Combine(OutputFolder, name);
}
