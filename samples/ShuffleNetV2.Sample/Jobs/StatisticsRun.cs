using System.Text;
using TorchStats;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Sample;

/// <summary>
/// The default job, the seed's <c>__main__</c>: a random batch through the model, its output shape, then the model's
/// statistics. Only the table format prints the shape line, so that Markdown, CSV and JSON stay documents of their own.
/// </summary>
internal static class StatisticsRun
{
    public static string Run(SampleSettings settings)
    {
        using var model = ModelFactory.Create(settings);
        var text = new StringBuilder();
        if (settings.Format == OutputFormat.Table)
        {
            var shape = settings.InputShape(settings.Batch ?? SampleSettings.DefaultForwardBatch);
            text.Append(OutputShape(model, shape, settings.TorchDevice)).Append('\n');
        }

        var report = ModelStatistics.Analyze(model, settings.InputShape(settings.Batch ?? SampleSettings.DefaultStatisticsBatch));
        return text.Append(StatisticsOutput.Format(report, settings.Format, settings.Depth)).ToString();
    }

    /// <summary>"[4, 1000]" for the seed's <c>model(rand(4, 3, 224, 224)).shape</c>.</summary>
    private static string OutputShape(ShuffleNetV2 model, long[] inputShape, Device device)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var outputs = model.call(rand(inputShape, device: device));
        return $"[{string.Join(", ", outputs.shape)}]";
    }
}
