using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using ShuffleNet.Torch.Classification;
using TorchImaging;
using ShuffleNet.Torch.Onnx;
using ShuffleNet.Torch.Onnx.Quantization;
using ShuffleNet.Torch.Pretrained;
using TorchCheckpoints;
using TorchCheckpoints.Hub;
using TorchTraining.Datasets;
using TorchTraining.Loading;
using TorchTraining.Metrics;
using TorchTraining.Transforms;
using TorchSharp;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Classifier;

/// <summary>
/// A trained ShuffleNetV2 ready to classify, carrying its model card: the evaluation transform and the class names go
/// with the weights wherever they are loaded from, so that an image is prepared as the model was evaluated and its
/// classes have their names. Load it from a run folder, a weights file, a training checkpoint, an ONNX file or a
/// registry entry; classify image files or tensors, evaluate on a folder of images, export to ONNX, quantize to int8.
/// </summary>
/// <remarks>
/// The network is in eval mode and runs without gradients, on channels-last activations unless the load options say
/// otherwise. Not thread-safe for TorchSharp (one forward at a time);
/// dispose it to free the network and the ONNX Runtime session.
/// </remarks>
public sealed class ShuffleNetV2Classifier : IDisposable
{
    private readonly ShuffleNetV2? _model;
    private readonly OnnxImageClassifier? _onnx;
    private bool _disposed;

    private ShuffleNetV2Classifier(ShuffleNetV2? model, OnnxImageClassifier? onnx, ModelCard? card, ImageClassificationTransform transform, IReadOnlyList<string>? classes, int classCount,
        ClassifierSource source, TransformOverrides? overrides, IReadOnlyList<string> notices)
    {
        _model = model;
        _onnx = onnx;
        Card = card;
        Transform = transform;
        Classes = classes;
        ClassCount = classCount;
        Source = source;
        Overrides = overrides is { IsEmpty: false } ? overrides : null;
        Notices = notices;
        _model?.eval();
    }

    /// <summary>The model card with the caller's overrides applied (transform, class names); null when nothing describes the model (a bare weights file).</summary>
    public ModelCard? Card { get; }

    /// <summary>How an image becomes the model's input: the card's transform, an override, or (without a card) the options' default or ImageNet's resize 256, crop 224.</summary>
    public ImageClassificationTransform Transform { get; }

    /// <summary>The class names in output order, or null when nothing names them.</summary>
    public IReadOnlyList<string>? Classes { get; }

    /// <summary>The number of classes (outputs).</summary>
    public int ClassCount { get; }

    /// <summary>Where the classifier and its card came from.</summary>
    public ClassifierSource Source { get; }

    /// <summary>The load options' values that replaced parts of the recorded (or default) transform; null when none did.</summary>
    public TransformOverrides? Overrides { get; }

    /// <summary>What the caller should be told about the model, one line each: a file named like a registry entry that holds another network.</summary>
    public IReadOnlyList<string> Notices { get; }

    /// <summary>What runs the forward pass.</summary>
    public ClassifierEngine Engine => _onnx is null ? ClassifierEngine.TorchSharp : ClassifierEngine.OnnxRuntime;

    /// <summary>The TorchSharp network, or null for an ONNX file.</summary>
    public ShuffleNetV2? Model => _model;

    /// <summary>
    /// Loads a trained model and its card from a run folder (its <c>model.json</c> and <c>model.pth</c>, or
    /// <c>last.ckpt</c> when the run has not finished), a weights file (the card is <c>NAME.json</c> beside it, or the
    /// folder's <c>model.json</c> that names it, or the registry entry the file is), a training checkpoint (its card is
    /// inside), or an ONNX file (its card is in the metadata).
    /// </summary>
    /// <param name="path">The folder or file.</param>
    /// <param name="options">Overrides of the card and the engine; null for none.</param>
    /// <returns>The classifier.</returns>
    /// <exception cref="FileNotFoundException">There is no such file or folder, or the folder is not a run's.</exception>
    /// <exception cref="InvalidDataException">The file cannot be read, its card cannot be read, or the card and the weights disagree; the message names the file.</exception>
    /// <exception cref="ModelMismatchException">The file is not the width or class count <paramref name="options"/> asks for.</exception>
    /// <exception cref="CheckpointFileException">The weights file is not a readable checkpoint.</exception>
    /// <exception cref="ArgumentException">An override does not fit (class names that are not one per class).</exception>
    public static ShuffleNetV2Classifier Load(string path, ClassifierLoadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        options ??= new ClassifierLoadOptions();
        var full = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            var (weights, card) = ClassifierLoading.RunFolder(full);
            return FromFile(ClassifierSourceKind.RunFolder, full, weights, card, options);
        }

        if (!File.Exists(full))
        {
            throw new FileNotFoundException($"No model at '{full}': give a training run's folder, a weights or checkpoint file, or an ONNX file.", full);
        }

        if (ClassifierLoading.IsOnnxFile(full))
        {
            return FromOnnxFile(full, options);
        }

        var kind = ClassifierLoading.IsTrainingCheckpoint(full) ? ClassifierSourceKind.TrainingCheckpoint : ClassifierSourceKind.WeightsFile;
        return FromFile(kind, full, full, null, options);
    }

    /// <summary>
    /// Opens a classifier wherever it is: a file or folder (as <see cref="Load"/>), a URL or registry entry through
    /// torch.hub's cache (downloaded first when missing), or a freshly initialised network of the options' width
    /// (default 1.0×) and class count (default 1,000) for <see cref="ModelReference.Untrained"/>. The options are
    /// checked against what is known before anything is read or downloaded (<see cref="ModelReference.CheckOptions"/>).
    /// </summary>
    /// <param name="reference">Where the model is.</param>
    /// <param name="options">Overrides of the card and the engine; null for none.</param>
    /// <param name="download">Cache folder, hash checking, timeout and progress of a download; null for the defaults.</param>
    /// <returns>The classifier.</returns>
    /// <exception cref="ArgumentException">An override does not fit (the message names it).</exception>
    /// <exception cref="CheckpointDownloadException">The download failed or the file fails its hash check.</exception>
    /// <exception cref="FileNotFoundException">There is no such file or folder, or the folder is not a run's.</exception>
    /// <exception cref="InvalidDataException">The file or its card cannot be read, or they disagree.</exception>
    /// <exception cref="ModelMismatchException">The file is not the width or class count <paramref name="options"/> asks for.</exception>
    /// <exception cref="CheckpointFileException">The weights file is not a readable checkpoint.</exception>
    public static ShuffleNetV2Classifier Open(ModelReference reference, ClassifierLoadOptions? options = null, CheckpointDownloadOptions? download = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        options ??= new ClassifierLoadOptions();
        reference.CheckOptions(options);
        if (reference.Pretrained is { } entry)
        {
            return FromPretrained(entry, download, options);
        }

        if (reference.IsUntrained)
        {
            var model = ShuffleNetV2.Create(options.Width ?? ShuffleNetV2Width.X1_0, options.NumClasses ?? 1000);
            return Create(model, null, null, options with { Width = null, NumClasses = null }, ClassifierSourceKind.Untrained, string.Empty, string.Empty, null);
        }

        return Load(reference.Fetch(download)!, options);
    }

    /// <summary>torchvision's published weights: the file from torch.hub's cache (downloaded there first when missing, its hash checked), with the entry's card.</summary>
    /// <param name="weights">The registry entry, e.g. <c>ShuffleNetV2Weights.X1_5_ImageNet1K_V1</c>.</param>
    /// <param name="download">Cache folder, hash checking, timeout and progress; null for the defaults.</param>
    /// <param name="options">Overrides; null for none.</param>
    /// <returns>The classifier.</returns>
    /// <exception cref="CheckpointDownloadException">The download failed or the file fails its hash check.</exception>
    public static ShuffleNetV2Classifier FromPretrained(ShuffleNetV2Weights weights, CheckpointDownloadOptions? download = null, ClassifierLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var file = weights.Download(download);
        return FromFile(ClassifierSourceKind.Registry, file, file, (weights.Card, weights.Name), options ?? new ClassifierLoadOptions(), weights.Name);
    }

    /// <summary>A network in memory with its card, if any (the classifier takes ownership of the network and disposes it).</summary>
    /// <param name="model">The network; its architecture and class count must be the card's.</param>
    /// <param name="card">Its card; null for none (ImageNet's transform, no class names).</param>
    /// <param name="options">Overrides and the engine; null for none.</param>
    /// <returns>The classifier.</returns>
    /// <exception cref="InvalidDataException">The card describes another network.</exception>
    public static ShuffleNetV2Classifier FromModel(ShuffleNetV2 model, ModelCard? card, ClassifierLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Create(model, card, card is null ? null : "the card given", options ?? new ClassifierLoadOptions(), ClassifierSourceKind.InMemory, string.Empty, string.Empty, null);
    }

    /// <summary>Loads one image file with <see cref="Transform"/>: a float32 tensor [1, channels, height, width] on the CPU.</summary>
    /// <param name="imagePath">A PNG or JPEG file.</param>
    /// <returns>The input tensor.</returns>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="ImageFileException">The file is not a readable image.</exception>
    public Tensor LoadImage(string imagePath) => ImageNetPreprocessing.Load(imagePath, Transform);

    /// <summary>The most probable classes of one image file, prepared with <see cref="Transform"/> and named by <see cref="Classes"/>.</summary>
    /// <param name="imagePath">A PNG or JPEG file.</param>
    /// <param name="top">How many classes; null for 5 or the class count if smaller.</param>
    /// <returns>The classes, most probable first (labels null when the model's classes have no names).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="top"/> is below 1 or above <see cref="ClassCount"/>.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="ImageFileException">The file is not a readable image.</exception>
    public IReadOnlyList<ClassPrediction> Classify(string imagePath, int? top = null) => Classify([imagePath], top)[0];

    /// <summary>The most probable classes of several image files (one batch).</summary>
    /// <param name="imagePaths">PNG or JPEG files.</param>
    /// <param name="top">How many classes per image; null for 5 or the class count if smaller.</param>
    /// <returns>Per image, the classes, most probable first.</returns>
    public IReadOnlyList<IReadOnlyList<ClassPrediction>> Classify(IReadOnlyList<string> imagePaths, int? top = null)
    {
        ArgumentNullException.ThrowIfNull(imagePaths);
        var k = CheckTop(top);
        using var scope = NewDisposeScope();
        return Predict(ImageNetPreprocessing.LoadBatch(imagePaths, Transform), k);
    }

    /// <summary>The most probable classes of a batch already prepared with <see cref="Transform"/>.</summary>
    /// <param name="images">Float32 [N, channels, height, width].</param>
    /// <param name="top">How many classes per image; null for 5 or the class count if smaller.</param>
    /// <returns>Per image, the classes, most probable first.</returns>
    public IReadOnlyList<IReadOnlyList<ClassPrediction>> Predict(Tensor images, int? top = null)
    {
        var k = CheckTop(top);
        using var scope = NewDisposeScope();
        var predictions = Predictions.TopK(Logits(images), k, Classes);

        // TopK names a 1,000-class model's outputs with ImageNet's names when given none; a classifier names only what its card says.
        return Classes is null ? predictions.Select(p => (IReadOnlyList<ClassPrediction>)p.Select(c => c with { Label = null }).ToList()).ToList() : predictions;
    }

    /// <summary>The logits of a batch already prepared with <see cref="Transform"/> (the caller owns the result).</summary>
    /// <param name="images">Float32 [N, channels, height, width].</param>
    /// <returns>Float32 [N, classes].</returns>
    public Tensor Logits(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_onnx is not null)
        {
            return _onnx.Run(images);
        }

        using var noGrad = no_grad();
        var device = _model!.parameters().First().device;
        return images.device == device ? _model.call(images) : _model.call(images.to(device));
    }

    /// <summary>Top-1, top-5 and per-class accuracy on the test images of a data folder (IDX files or an image folder), with <see cref="Transform"/>.</summary>
    /// <param name="dataPath">The folder; an image folder is split as the card records (fraction and seed) unless the settings say otherwise.</param>
    /// <param name="settings">Batch, workers, split; null for the defaults.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    /// <returns>The data and the result.</returns>
    /// <exception cref="DirectoryNotFoundException">There is no such folder.</exception>
    /// <exception cref="TorchTraining.Datasets.DataLayoutException">The folder holds none of the data layouts.</exception>
    /// <exception cref="InvalidDataException">The data is not usable, or has another number of classes than the model.</exception>
    public ClassifierEvaluation Evaluate(string dataPath, EvaluationOptions? settings = null, CancellationToken cancellationToken = default)
    {
        settings ??= new EvaluationOptions();
        var recorded = Card?.Provenance?.Data;
        var options = new ImageDataOptions
        {
            Classes = Classes,
            ValidationFraction = settings.ValidationFraction ?? recorded?.ValidationFraction,
            SplitSeed = settings.SplitSeed ?? recorded?.SplitSeed ?? 0,
        };
        if (ImageData.Detect(dataPath) == ImageDataKind.Idx)
        {
            options = options with { Classes = null };
        }

        return Evaluate(ImageData.OpenTest(dataPath, options), settings, cancellationToken);
    }

    /// <summary>Top-1, top-5 and per-class accuracy on the test split of opened data, with <see cref="Transform"/>.</summary>
    /// <param name="data">The data.</param>
    /// <param name="settings">Batch and workers; null for the defaults.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    /// <returns>The data and the result.</returns>
    /// <exception cref="InvalidDataException">The data has another number of classes than the model (the message names both).</exception>
    public ClassifierEvaluation Evaluate(ImageData data, EvaluationOptions? settings = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ObjectDisposedException.ThrowIf(_disposed, this);
        settings ??= new EvaluationOptions();
        if (data.Classes.Count != ClassCount)
        {
            throw new InvalidDataException($"{Named()} has {ClassCount} classes but the data in '{data.Path}' has {data.Classes.Count}.");
        }

        var loader = new DataLoader(data.Test, Compose.ForEvaluation(Transform), new DataLoaderOptions { BatchSize = settings.BatchSize, Workers = settings.Workers });
        using var onnxModule = _onnx is null ? null : new OnnxSessionModule(_onnx);
        var result = Evaluator.Evaluate((nn.Module<Tensor, Tensor>?)onnxModule ?? _model!, loader, cancellationToken: cancellationToken);
        var namesMatch = Classes is null || Classes.SequenceEqual(data.Classes, StringComparer.Ordinal);
        return new ClassifierEvaluation(data, result, namesMatch);
    }

    /// <summary>Writes the network as an ONNX file with its card in the metadata (transform, class names, the whole card), replacing the file atomically.</summary>
    /// <param name="path">The ONNX file.</param>
    /// <param name="inputHeight">A fixed input height (it must be the transform's crop height), or null for any.</param>
    /// <param name="inputWidth">A fixed input width (it must be the transform's crop width), or null for any.</param>
    /// <exception cref="InvalidOperationException">The classifier was loaded from an ONNX file (load the weights to export them).</exception>
    /// <exception cref="SourceOverwriteException">The path is a file the classifier was read from (see <see cref="ClassifierSource.Files"/>).</exception>
    public void ExportOnnx(string path, int? inputHeight = null, int? inputWidth = null)
    {
        var model = RequireModel("export");
        Source.RefuseOverwrite(path);
        model.ExportToOnnx(path, ExportOptions(inputHeight, inputWidth));
    }

    /// <summary>The ONNX export options that record this classifier's card, transform and class names.</summary>
    /// <param name="inputHeight">A fixed input height, or null for any.</param>
    /// <param name="inputWidth">A fixed input width, or null for any.</param>
    /// <returns>The options.</returns>
    /// <remarks>Without a card and with ImageNet's default transform, the file records that transform only where it fits the input size (see <see cref="OnnxExportOptions.Preprocessing"/>).</remarks>
    public OnnxExportOptions ExportOptions(int? inputHeight = null, int? inputWidth = null) => new()
    {
        Card = Card,
        Preprocessing = Card is null && Transform.Equals(ImageClassificationTransform.ImageNet) ? null : Transform,
        Labels = Classes,
        InputHeight = inputHeight,
        InputWidth = inputWidth,
    };

    /// <summary>
    /// Quantizes the network to an int8 ONNX file (QDQ, opset 13) calibrated on random batches of a data folder's
    /// training images prepared with <see cref="Transform"/>; the file records the card as the float export does.
    /// </summary>
    /// <param name="path">The int8 ONNX file (written only when calibration succeeded).</param>
    /// <param name="dataPath">The data folder whose training split calibrates (split as the card records).</param>
    /// <param name="options">Calibration method and batch count; its <c>Export</c> is replaced by this classifier's.</param>
    /// <param name="batchSize">Images per calibration batch; default 32.</param>
    /// <returns>The quantized model.</returns>
    /// <exception cref="InvalidOperationException">The classifier was loaded from an ONNX file.</exception>
    /// <exception cref="TorchTraining.Datasets.DataLayoutException">The folder holds none of the data layouts.</exception>
    /// <exception cref="InvalidDataException">The data holds no training images or has another number of classes.</exception>
    /// <exception cref="SourceOverwriteException">The path is a file the classifier was read from (see <see cref="ClassifierSource.Files"/>).</exception>
    public QuantizedOnnxModel Quantize(string path, string dataPath, OnnxQuantizationOptions? options = null, int batchSize = 32)
    {
        var model = RequireModel("quantize");
        Source.RefuseOverwrite(path);
        var recorded = Card?.Provenance?.Data;
        var kind = ImageData.Detect(dataPath);
        var data = ImageData.Open(dataPath, new ImageDataOptions
        {
            Classes = kind == ImageDataKind.Idx ? null : Classes,
            ValidationFraction = kind == ImageDataKind.Idx ? null : recorded?.ValidationFraction,
            SplitSeed = recorded?.SplitSeed ?? 0,
        });
        if (data.Train is not { Count: > 0 } train)
        {
            throw new InvalidDataException($"'{data.Path}' holds no training images to calibrate on.");
        }

        if (data.Classes.Count != ClassCount)
        {
            throw new InvalidDataException($"{Named()} has {ClassCount} classes but the data in '{data.Path}' has {data.Classes.Count}.");
        }

        options ??= OnnxQuantizationOptions.Default;
        options = new OnnxQuantizationOptions
        {
            Method = options.Method,
            Percentile = options.Percentile,
            MaxCalibrationBatches = options.MaxCalibrationBatches,
            ReduceWeightRange = options.ReduceWeightRange,
            ActivationType = options.ActivationType,
            FloatLayers = options.FloatLayers,
            Export = ExportOptions(),
        };
        var loader = new DataLoader(train, Compose.ForEvaluation(Transform), new DataLoaderOptions { BatchSize = batchSize, Shuffle = true, Seed = 0, Workers = 1 });
        return model.QuantizeToOnnx(path, Images(loader), options);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _onnx?.Dispose();
        _model?.Dispose();
    }

    private static ShuffleNetV2Classifier FromFile(ClassifierSourceKind kind, string path, string weightsPath, (ModelCard Card, string Origin)? known, ClassifierLoadOptions options, string? entryName = null)
    {
        ShuffleNetV2 model;
        ModelCard? card;
        string? origin;
        IReadOnlyList<string> notices = [];
        if (ClassifierLoading.IsTrainingCheckpoint(weightsPath))
        {
            (model, card, origin) = ClassifierLoading.FromTrainingCheckpoint(weightsPath, known ?? (ModelCard.FindBeside(weightsPath) is { } beside ? (beside.Card, beside.Path) : FolderCard(weightsPath)));
            kind = kind == ClassifierSourceKind.RunFolder ? kind : ClassifierSourceKind.TrainingCheckpoint;
        }
        else
        {
            ShuffleNetV2Weights? entry;
            (model, card, origin, entry) = ClassifierLoading.WeightsFile(weightsPath, known, options);
            if (card is not null)
            {
                entryName ??= entry?.Name;
            }
            else if (entry is not null)
            {
                notices = [$"'{weightsPath}' is named like {entry.Name} but holds another network; it is classified with the default transform and without class names."];
            }
        }

        return Create(model, card, origin, options, kind, path, weightsPath, entryName, notices);
    }

    /// <summary>The classifier of a network and its card, checked against each other and the options; disposes the network on failure.</summary>
    private static ShuffleNetV2Classifier Create(ShuffleNetV2 model, ModelCard? card, string? origin, ClassifierLoadOptions options, ClassifierSourceKind kind, string path, string weightsPath,
        string? entryName, IReadOnlyList<string>? notices = null)
    {
        try
        {
            ClassifierLoading.CheckAgreement(model, card, origin, options, weightsPath.Length > 0 ? weightsPath : "the model given");
            var (effective, transform, classes) = Apply(card, options, (int)model.NumClasses, TransformName(options, card is not null, entryName));
            if (options.Device is { } device)
            {
                model.to(device);
            }

            if (options.ChannelsLast)
            {
                model.ChannelsLast = true;
            }

            var onnx = options.Engine == ClassifierEngine.OnnxRuntime
                ? OnnxImageClassifier.FromModel(model, options.OnnxThreads, new OnnxExportOptions { Card = effective, Preprocessing = transform, Labels = classes })
                : null;
            return new ShuffleNetV2Classifier(model, onnx, effective, transform, classes, (int)model.NumClasses, new ClassifierSource(kind, path, weightsPath, origin, entryName),
                options.Overrides, notices ?? []);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private static ShuffleNetV2Classifier FromOnnxFile(string path, ClassifierLoadOptions options)
    {
        if (options.Engine == ClassifierEngine.TorchSharp)
        {
            throw new ArgumentException($"'{path}' is an ONNX file: it runs with ONNX Runtime only.", nameof(options));
        }

        var session = ClassifierLoading.OpenOnnx(path, options.OnnxThreads);
        try
        {
            var classCount = session.NumClasses ?? session.Labels?.Count ?? session.Card?.ClassCount
                ?? throw new InvalidDataException($"'{path}' leaves its class count dynamic and records no class names: the classes cannot be known.");
            if (options.NumClasses is { } asked && asked != classCount)
            {
                throw new ModelMismatchException(ModelSetting.Classes, path, asked.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{classCount} classes");
            }

            var card = session.Card;
            var recorded = card?.Transform ?? session.Preprocessing;
            var transform = TransformFor(options, recorded, TransformName(options, recorded is not null, null));
            var classes = options.Classes ?? card?.Classes ?? session.Labels;
            CheckClasses(classes, classCount);
            var effective = card is null ? null : card with { Transform = transform, Classes = classes! };
            var origin = card is not null ? "the ONNX metadata" : session.Preprocessing is not null || session.Labels is not null ? ClassifierSource.OnnxMetadataWithoutCard : null;
            return new ShuffleNetV2Classifier(null, session, effective, transform, classes, classCount, new ClassifierSource(ClassifierSourceKind.OnnxFile, path, path, origin, null),
                options.Overrides, []);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private static (ModelCard? Card, ImageClassificationTransform Transform, IReadOnlyList<string>? Classes) Apply(ModelCard? card, ClassifierLoadOptions options, int classCount, string transformName)
    {
        var transform = TransformFor(options, card?.Transform, transformName);
        var classes = options.Classes ?? card?.Classes;
        CheckClasses(classes, classCount);
        return (card is null ? null : card with { Transform = transform, Classes = classes! }, transform, classes);
    }

    private static ImageClassificationTransform TransformFor(ClassifierLoadOptions options, ImageClassificationTransform? recorded, string transformName)
    {
        var transform = options.Transform ?? recorded ?? options.DefaultTransform ?? options.Overrides?.ToTransform() ?? ImageClassificationTransform.ImageNet;
        transform = options.AdjustTransform is { } adjust ? adjust(transform) : transform;
        transform = options.Overrides?.ApplyTo(transform, transformName) ?? transform;
        if (transform.Channels != ClassifierLoading.InputChannels)
        {
            throw new ArgumentException($"The transform prepares images with {transform.Channels} channel(s); a ShuffleNetV2 takes {ClassifierLoading.InputChannels}.", nameof(options));
        }

        return transform;
    }

    /// <summary>The transform the overrides change, in their messages.</summary>
    private static string TransformName(ClassifierLoadOptions options, bool recorded, string? entryName) =>
        options.Transform is not null ? "the given transform"
        : !recorded ? "the default transform"
        : entryName is not null ? $"{entryName}'s transform"
        : "the model card's transform";

    private static void CheckClasses(IReadOnlyList<string>? classes, int classCount)
    {
        if (classes is not null && classes.Count != classCount)
        {
            throw new ArgumentException($"{classes.Count} class names were given, but the model has {classCount} classes: give one name per class, in class order.", nameof(classes));
        }
    }

    /// <summary>The card of the folder a checkpoint is in, for checkpoints written before cards were stored inside them.</summary>
    private static (ModelCard Card, string Origin)? FolderCard(string checkpointPath)
    {
        var cardPath = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(checkpointPath)!, ModelCard.FileName);
        return File.Exists(cardPath) ? (ModelCard.Read(cardPath), cardPath) : null;
    }

    private int CheckTop(int? top)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var k = top ?? Math.Min(5, ClassCount);
        return k >= 1 && k <= ClassCount
            ? k
            : throw new ArgumentOutOfRangeException(nameof(top), top, $"top must be between 1 and the model's {ClassCount} classes, got {top}.");
    }

    /// <summary>The model in a message: the path it was loaded from, or "The model" for one given in memory.</summary>
    private string Named() => Source.Path.Length > 0 ? $"'{Source.Path}'" : "The model";

    private ShuffleNetV2 RequireModel(string what)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _model ?? throw new InvalidOperationException($"'{Source.Path}' is an ONNX file: there are no weights to {what}; load the weights file, checkpoint or run folder instead.");
    }

    /// <summary>Each batch's images; the batch is disposed once the next is asked for (calibration copies out what it needs).</summary>
    private static IEnumerable<Tensor> Images(DataLoader loader)
    {
        foreach (var batch in loader.GetBatches(epoch: 0))
        {
            using (batch)
            {
                yield return batch.Images;
            }
        }
    }
}
