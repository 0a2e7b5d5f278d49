using System.Text;
using TorchStats;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Sample;

/// <summary>
/// The default job, the reference model's <c>__main__</c>: a random batch through the model, its output shape, then the model's
/// statistics. Only the table format prints the shape line, so that Markdown, CSV and JSON stay documents of their own.
/// </summary>
internal static class StatisticsRun
{
    public static string Run(StatisticsSettings settings)
    {
        using var classifier = ModelFactory.Open(settings.Model);
        var model = classifier.Model!;
        var size = settings.Size ?? (classifier.Card?.Transform is { } t ? new InputSize(t.CropHeight, t.CropWidth) : null);
        var text = new StringBuilder();
        if (settings.Format == OutputFormat.Table)
        {
            var shape = InputSize.Shape(size, settings.Batch ?? StatisticsSettings.DefaultForwardBatch);
            text.Append(OutputShape(model, shape, settings.Model.TorchDevice)).Append('\n');
        }

        var report = ModelStatistics.Analyze(model, InputSize.Shape(size, settings.Batch ?? StatisticsSettings.DefaultStatisticsBatch));
        return text.Append(StatisticsOutput.Format(report, settings.Format, settings.Depth)).ToString();
    }

    /// <summary>"[4, 1000]" for the reference model's <c>model(rand(4, 3, 224, 224)).shape</c>.</summary>
    private static string OutputShape(ShuffleNetV2 model, long[] inputShape, Device device)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var outputs = model.call(rand(inputShape, device: device));
        return $"[{string.Join(", ", outputs.shape)}]";
    }
}

/// <summary>The statistics run's input; a null batch means the reference model's 4 for the forward pass and torchstat's 1 for the statistics.</summary>
internal sealed record StatisticsSettings(ModelChoice Model, int? Batch, InputSize? Size, OutputFormat Format, int? Depth)
{
    /// <summary>The reference model's <c>rand(4, 3, 224, 224)</c>.</summary>
    public const int DefaultForwardBatch = 4;

    /// <summary>torchstat's <c>stat(model, input_size=[3, 224, 224])</c> runs one image.</summary>
    public const int DefaultStatisticsBatch = 1;
}
