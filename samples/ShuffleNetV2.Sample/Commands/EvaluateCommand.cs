using System.CommandLine;
using ShuffleNet.Torch.Classifier;
using ShuffleNet.Torch.Classifier.Reports;

namespace ShuffleNet.Torch.Sample;

/// <summary>evaluate: a trained model's top-1, top-5 and per-class accuracy on the test split of a data folder, with the eval transform of its model card.</summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var defaults = new EvaluationOptions();
        var weights = Options.Path("--weights", "FILE",
            "The model: a train run's folder, or a file the library reads (model.pth or any weights file, last.ckpt or best.ckpt, an ONNX file); "
            + "its eval transform and class names come from its model card (the run's model.json, NAME.json beside NAME.pth, inside a checkpoint or in the ONNX metadata)",
            OptionChecks.ExistingFileOrFolder);
        var onnx = Options.Path("--onnx", "FILE", "The model as an ONNX file, run with ONNX Runtime; its eval transform comes from the file's metadata", OptionChecks.ExistingFile);
        var data = Options.Path("--data", "PATH",
            "The data: IDX files (the t10k-* test files are evaluated) or an image folder (val/, or the validation split by --val-fraction and --seed)", required: true);
        var transform = new TransformOptions();
        var batch = Options.PositiveInt("--batch", "N", $"Images per forward pass [default: {defaults.BatchSize}]");
        var workers = Options.NonNegativeInt("--workers", "N", $"Background threads that decode and transform images; 0 for none [default: {defaults.Workers}]");
        var valFraction = Options.Of("--val-fraction", "X",
            "Image folders without train/ and val/: the held-out fraction of each class [default: the train run's, recorded in model.json, else 0.2]", ValueParsers.OpenFraction);
        var seed = Options.NonNegativeInt("--seed", "S", "Image folders without train/ and val/: the split's seed [default: the train run's, recorded in model.json, else 0]");
        var threads = Options.Threads();
        var format = Options.Format("A table, or one JSON object with top1, top5 (percent), count and per_class [default: table]", Options.TableOrJson);
        var command = new Command(
            "evaluate",
            "A trained model's top-1, top-5 and per-class accuracy on the test split of --data, with the eval transform recorded with the model "
            + "(options given here replace the recorded values). Give --weights or --onnx.");
        command.Validators.Add(result =>
        {
            var weightsGiven = result.GetResult(weights) is { Implicit: false };
            if (weightsGiven == result.GetResult(onnx) is { Implicit: false })
            {
                result.AddError(weightsGiven ? "Give --weights or --onnx, not both." : "Give the model to evaluate: --weights FILE or --onnx FILE.");
            }
        });

        return command.With([weights, onnx, data, .. transform.All, batch, workers, valFraction, seed, threads, format], parsed =>
        {
            var overrides = transform.Read(parsed);
            var onnxPath = parsed.GetValue(onnx);
            var options = new ClassifierLoadOptions
            {
                Overrides = overrides, Engine = onnxPath is null ? null : ClassifierEngine.OnnxRuntime, OnnxThreads = parsed.GetValue(threads) ?? 0,
            };
            return JobRunner.Run(parsed, parsed.GetValue(threads), outputPath: null, stderr =>
            {
                using var classifier = Models.Open(ModelReference.Parse(onnxPath ?? parsed.GetValue(weights)!), options, onnxPath is null ? "--weights" : "--onnx", TransformOptions.Names);
                Models.RequireTransform(classifier, overrides);
                var report = Models.Data(() => EvaluationReport.Create(classifier, parsed.GetRequiredValue(data), new EvaluationOptions
                {
                    BatchSize = parsed.GetValue(batch) ?? defaults.BatchSize,
                    Workers = parsed.GetValue(workers) ?? defaults.Workers,
                    ValidationFraction = parsed.GetValue(valFraction),
                    SplitSeed = parsed.GetValue(seed),
                }));
                foreach (var notice in report.Notices)
                {
                    stderr.WriteLine($"warning: {notice}");
                }

                return report.Format(parsed.GetValue(format) ?? ReportFormat.Text);
            });
        });
    }
}
