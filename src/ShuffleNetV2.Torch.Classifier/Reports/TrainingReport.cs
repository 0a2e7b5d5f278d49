using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using ShuffleNet.Torch.Cards;
using TorchCheckpoints;
using TorchTraining.Runs;

namespace ShuffleNet.Torch.Classifier.Reports;

/// <summary>
/// A ShuffleNetV2 training run in words: <see cref="Plan"/> says what a prepared run is about to do, <see cref="Create"/>
/// describes a finished one (a summary, or one JSON object with accuracies in percent, losses at full precision, the
/// evaluation transform and the files written).
/// </summary>
public sealed class TrainingReport
{
    /// <summary>The keys the report names the run's files by, in the order it lists them.</summary>
    private static readonly (string Key, string Name)[] FileKeys =
    [
        ("model", ShuffleNetV2Training.WeightsFile),
        ("model_record", ModelCard.FileName),
        ("onnx", ShuffleNetV2Training.OnnxFile),
        ("last_checkpoint", TrainingRunFiles.LastCheckpoint),
        ("best_checkpoint", TrainingRunFiles.BestCheckpoint),
        ("metrics_csv", TrainingRunFiles.MetricsCsv),
        ("metrics_jsonl", TrainingRunFiles.MetricsJsonl),
        ("curves", TrainingRunFiles.Curves),
        ("confusion", TrainingRunFiles.Confusion),
    ];

    private TrainingReport(TrainingRunResult result, ShuffleNetV2Architecture architecture, IReadOnlyDictionary<string, string> files)
    {
        Result = result;
        Architecture = architecture;
        Files = files;
    }

    /// <summary>The finished run.</summary>
    public TrainingRunResult Result { get; }

    /// <summary>The network trained.</summary>
    public ShuffleNetV2Architecture Architecture { get; }

    /// <summary>The run's files by key (<c>model</c>, <c>model_record</c>, <c>onnx</c>, <c>last_checkpoint</c>, ...), full paths.</summary>
    public IReadOnlyDictionary<string, string> Files { get; }

    /// <summary>What a prepared run is about to do, in one line: network, data, epochs, resume point, input size, batch, optimizer and preset, run folder.</summary>
    /// <param name="run">A run prepared for a ShuffleNetV2 (<see cref="ShuffleNetV2Training"/>).</param>
    /// <returns>The line, without a line break.</returns>
    public static string Plan(TrainingRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var data = run.Data;
        var optimizer = run.TrainingOptions.Optimizer;
        var resuming = run.ResumeCheckpoint is { } from ? $", resuming at epoch {ReportText.Int(from.Epoch + 1)} step {ReportText.Int(from.Step)}" : string.Empty;
        return $"training {ReportText.Name(run.Card.Architecture.ToShuffleNetV2())} on {data.Path} ({data.KindName}, {ReportText.Int(data.Classes.Count)} classes, "
            + $"{ReportText.Int(data.Train!.Count)} training and {ReportText.Int(data.Test.Count)} test images) for {ReportText.Int(run.TrainingOptions.Epochs)} epochs{resuming}; "
            + $"input {ReportText.Int(run.Size)}x{ReportText.Int(run.Size)}, batch {ReportText.Int(run.Options.BatchSize ?? run.Preset.BatchSize)}, "
            + $"{optimizer.Kind.ToString().ToLowerInvariant()} lr {ReportText.Number(optimizer.LearningRate)} ({run.Preset.Name} preset); files in {run.OutputFolder}";
    }

    /// <summary>The report of a finished run.</summary>
    /// <param name="result">What <see cref="TrainingRun.Run"/> returned for a ShuffleNetV2.</param>
    /// <returns>The report.</returns>
    public static TrainingReport Create(TrainingRunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var files = new Dictionary<string, string>();
        foreach (var (key, name) in FileKeys)
        {
            var path = Path.Combine(result.OutputFolder, name);
            if (result.Files.Contains(path, StringComparer.Ordinal))
            {
                files[key] = path;
            }
        }

        return new TrainingReport(result, result.Card.Architecture.ToShuffleNetV2(), files);
    }

    /// <summary>The report as a summary (text) or one JSON object on one line.</summary>
    /// <param name="format">Text or JSON.</param>
    /// <returns>The document, ending with a line break.</returns>
    public string Format(ReportFormat format) => format switch
    {
        ReportFormat.Text => Text(),
        ReportFormat.Json => JsonLine(),
        _ => throw ReportText.Unsupported(format, "training report"),
    };

    private string JsonLine()
    {
        var r = Result;
        var final = r.History[^1];
        return JsonSerializer.Serialize(
            new
            {
                model = ReportText.Name(Architecture),
                stages_repeats = Architecture.StagesRepeats,
                stages_out_channels = Architecture.StagesOutChannels,
                data = r.Data.Path,
                data_kind = r.Data.KindName,
                classes = r.Data.Classes,
                train_images = r.Data.Train!.Count,
                test_images = r.Final.Count,
                test_split = r.Data.TestSplit,
                skipped_files = r.Data.SkippedFiles.Count,
                epochs = r.History.Count,
                test_top1 = ReportText.JsonPercent(final.TestTop1),
                test_top5 = ReportText.JsonPercent(final.TestTop5),
                test_loss = final.TestLoss,
                ema_test_top1 = ReportText.JsonPercent(final.EmaTestTop1),
                best_test_top1 = ReportText.JsonPercent(r.BestTop1),
                best_epoch = r.BestEpoch,
                final_train_loss = final.TrainLoss,
                final_train_top1 = ReportText.JsonPercent(final.TrainTop1),
                train_images_per_second = r.TrainImagesPerSecond,
                per_class_top1 = r.Final.PerClassAccuracy.Select(a => ReportText.JsonPercent(a)),
                eval_transform = ReportText.Json(r.Card.Transform),
                files = Files,
            },
            ReportText.Line) + "\n";
    }

    private string Text()
    {
        var r = Result;
        var final = r.History[^1];
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{ReportText.Name(Architecture)}, {ReportText.Int(r.Data.Classes.Count)} classes, trained for {ReportText.Int(r.History.Count)} epochs on {r.Data.Path} ({r.Data.KindName})\n")
            .Append(CultureInfo.InvariantCulture, $"test ({r.Data.TestSplit}, {ReportText.Int(r.Final.Count)} images): top-1 {ReportText.Percent(final.TestTop1)}, top-{ReportText.Int(r.Final.TopK)} {ReportText.Percent(final.TestTop5)}, ")
            .Append(CultureInfo.InvariantCulture, $"loss {ReportText.Number(final.TestLoss, "0.0000")}");
        if (r.BestTop1 is { } best && r.BestEpoch is { } bestEpoch)
        {
            text.Append(CultureInfo.InvariantCulture, $" (best top-1 {ReportText.Percent(best)} after epoch {ReportText.Int(bestEpoch + 1)})");
        }

        text.Append('\n')
            .Append(CultureInfo.InvariantCulture, $"training: last epoch's loss {ReportText.Number(final.TrainLoss, "0.0000")}, top-1 {ReportText.Percent(final.TrainTop1)}; {ReportText.Number(r.TrainImagesPerSecond, "0")} images/s\n")
            .Append(CultureInfo.InvariantCulture, $"eval transform: {r.Card.Transform.Describe()}\n\nfiles:\n");
        foreach (var (_, path) in Files)
        {
            text.Append("  ").Append(path).Append('\n');
        }

        if (Architecture.Width is { } width)
        {
            text.Append(CultureInfo.InvariantCulture, $"\nIn Python: torchvision.models.shufflenet_v2_x{width.ToText().Replace('.', '_')}(num_classes={ReportText.Int(r.Data.Classes.Count)}).load_state_dict(torch.load('{Files["model"]}'))\n");
        }

        return text.ToString();
    }
}
