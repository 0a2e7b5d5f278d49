using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace ShuffleNet.Torch.Sample;

/// <summary>
/// The result of train on stdout: a summary in text, or with --format json one JSON object on one line (accuracies in
/// percent, losses at full precision, the eval transform and the paths written).
/// </summary>
internal static class TrainingOutput
{
    public static string Format(TrainingResult result, OutputFormat format) => format == OutputFormat.Json ? JsonLine(result) : Table(result);

    private static string JsonLine(TrainingResult result)
    {
        var final = result.History[^1];
        return JsonSerializer.Serialize(
            new
            {
                model = result.Model,
                stages_repeats = result.Architecture.StagesRepeats,
                stages_out_channels = result.Architecture.StagesOutChannels,
                data = result.Data.Path,
                data_kind = result.Data.KindName,
                classes = result.Data.Classes,
                train_images = result.Data.Train!.Count,
                test_images = result.Final.Count,
                test_split = result.Data.TestSplit,
                skipped_files = result.Data.SkippedFiles.Count,
                epochs = result.History.Count,
                test_top1 = Percent.Json(final.TestTop1),
                test_top5 = Percent.Json(final.TestTop5),
                test_loss = final.TestLoss,
                ema_test_top1 = Percent.Json(final.EmaTestTop1),
                best_test_top1 = Percent.Json(result.BestTop1),
                best_epoch = result.BestEpoch,
                final_train_loss = final.TrainLoss,
                final_train_top1 = Percent.Json(final.TrainTop1),
                train_images_per_second = result.TrainImagesPerSecond,
                per_class_top1 = result.Final.PerClassAccuracy.Select(a => Percent.Json(a)),
                eval_transform = TransformJson.Of(result.Transform),
                files = result.Files,
            },
            ResultJson.Options) + "\n";
    }

    private static string Table(TrainingResult result)
    {
        var final = result.History[^1];
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{result.Model}, {result.Data.Classes.Count} classes, trained for {result.History.Count} epochs on {result.Data.Path} ({result.Data.KindName})\n")
            .Append(CultureInfo.InvariantCulture, $"test ({result.Data.TestSplit}, {result.Final.Count} images): top-1 {Percent.Text(final.TestTop1)}, top-{result.Final.TopK} {Percent.Text(final.TestTop5)}, loss {final.TestLoss:0.0000}");
        if (result.BestTop1 is { } best && result.BestEpoch is { } bestEpoch)
        {
            text.Append(CultureInfo.InvariantCulture, $" (best top-1 {Percent.Text(best)} after epoch {bestEpoch + 1})");
        }

        text.Append('\n')
            .Append(CultureInfo.InvariantCulture, $"training: last epoch's loss {final.TrainLoss:0.0000}, top-1 {Percent.Text(final.TrainTop1)}; {result.TrainImagesPerSecond:0} images/s\n")
            .Append(CultureInfo.InvariantCulture, $"eval transform: {result.Transform.Describe()}\n\nfiles:\n");
        foreach (var (_, path) in result.Files)
        {
            text.Append("  ").Append(path).Append('\n');
        }

        if (result.Architecture.Width is { } width)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"\nIn Python: torchvision.models.shufflenet_v2_x{width.ToText().Replace('.', '_')}(num_classes={result.Data.Classes.Count}).load_state_dict(torch.load('{result.Files["model"]}'))\n");
        }
        return text.ToString();
    }

}
