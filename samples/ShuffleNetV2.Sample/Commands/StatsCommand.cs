using System.CommandLine;
using System.Text;
using ShuffleNet.Torch.Classifier;
using ShuffleNet.Torch.Classifier.Reports;
using TorchStats;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Sample;

/// <summary>
/// stats, which the root command also runs when no subcommand is given: the reference model's run (a random batch's
/// output shape, then the model's statistics as torchstat prints them) for the model and input the options choose.
/// Only the table format prints the shape line, so that Markdown, CSV and JSON stay documents of their own.
/// </summary>
internal static class StatsCommand
{
    /// <summary>The reference model's <c>rand(4, 3, 224, 224)</c>; torchstat's <c>stat(model, input_size=[3, 224, 224])</c> runs one image.</summary>
    private const int ForwardBatch = 4;

    public static Command Create()
    {
        var command = new Command(
            "stats",
            "The reference model's run: builds the model (1.0x by default), runs a random 4x3x224x224 batch, prints the output shape and the model's statistics "
            + "as torchstat prints them. The sample does this without a command too.");
        AddTo(command);
        return command;
    }

    /// <summary>Gives <paramref name="command"/> the statistics options and job: the stats subcommand, and the root command.</summary>
    public static void AddTo(Command command)
    {
        var width = Options.Width();
        var classes = Options.Classes();
        var batch = Options.PositiveInt("--batch", "N",
            "Batch size of the forward pass and of the statistics [default: 4 for the forward pass and 1 for the statistics, as the seed and torchstat]");
        var size = Options.Size();
        var device = Options.Device();
        var threads = Options.Threads("CPU threads of TorchSharp [default: one per core]");
        var format = Options.Format();
        var output = Options.Output();
        var depth = Options.PositiveInt("--depth", "N",
            "Also sum the statistics by module path at depth N (1: conv1, maxpool, inverted_block, conv5, fc; 2: each unit); with --format csv, the sums replace the rows");
        var weights = Options.Weights();
        var training = new StatsTrainingOptions();

        command.With([width, classes, batch, size, device, threads, format, output, depth, weights, .. training.All], parsed => JobRunner.Run(parsed, parsed.GetValue(threads), parsed.GetValue(output), _ =>
        {
            var chosen = parsed.GetValue(format) ?? ReportFormat.Text;
            var withTraining = training.Requested(parsed, chosen);
            var reference = parsed.GetValue(weights) is { } path ? ModelReference.Parse(path) : ModelReference.Untrained;
            var options = new ClassifierLoadOptions
            {
                Width = parsed.GetValue(width), NumClasses = parsed.GetValue(classes), Device = OptionChecks.ToTorch(parsed.GetValue(device)), Engine = ClassifierEngine.TorchSharp,
            };
            using var classifier = Models.Open(reference, options, "--weights", output: parsed.GetValue(output));
            var input = parsed.GetValue(size) ?? new ImageSize(classifier.Transform.CropHeight, classifier.Transform.CropWidth);
            var text = new StringBuilder();
            if (chosen == ReportFormat.Text)
            {
                using var scope = NewDisposeScope();
                using var logits = classifier.Logits(rand([parsed.GetValue(batch) ?? ForwardBatch, 3, input.Height, input.Width]));
                text.Append('[').Append(string.Join(", ", logits.shape)).Append("]\n");
            }

            var report = ModelStatistics.Analyze(classifier.Model!, [parsed.GetValue(batch) ?? 1, 3, input.Height, input.Width]);
            var rollup = parsed.GetValue(depth);
            text.Append(chosen switch
            {
                ReportFormat.Markdown => MarkdownFormatter.Format(report, rollup),
                ReportFormat.Csv => rollup is { } d ? CsvFormatter.FormatRollup(report, d) : CsvFormatter.Format(report),
                ReportFormat.Json => JsonFormatter.Format(report, rollup),
                _ => TableFormatter.Format(report, rollup),
            });
            if (withTraining)
            {
                text.Append('\n').Append(training.Costs(parsed, classifier.Model!, [1, 3, input.Height, input.Width], parsed.GetValue(batch) ?? 1));
            }

            return text.ToString();
        }));
    }
}
