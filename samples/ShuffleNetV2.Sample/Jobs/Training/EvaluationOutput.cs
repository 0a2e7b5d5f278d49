using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace ShuffleNet.Torch.Sample;

/// <summary>The result of evaluate: a table, or one JSON object (accuracies in percent).</summary>
internal static class EvaluationOutput
{
    public static string Format(EvaluationReport report, OutputFormat format) => format == OutputFormat.Json ? JsonLine(report) : Table(report);

    private static string JsonLine(EvaluationReport report)
    {
        var r = report.Result;
        return JsonSerializer.Serialize(
            new
            {
                model = report.Model,
                engine = report.Engine.Text(),
                data = report.Data.Path,
                test_split = report.Data.TestSplit,
                count = r.Count,
                top1 = Percent.Json(r.Top1),
                top5 = Percent.Json(r.TopKAccuracy),
                top_k = r.TopK,
                loss = r.Loss,
                per_class = Enumerable.Range(0, r.ClassCount).Select(c => new { index = c, label = report.Data.Classes[c], count = r.Confusion.Row(c).Sum(), top1 = Percent.Json(r.PerClassAccuracy[c]) }),
                eval_transform = TransformJson.Of(report.Transform),
                eval_transform_source = report.TransformSource,
            },
            ResultJson.Options) + "\n";
    }

    private static string Table(EvaluationReport report)
    {
        var r = report.Result;
        var text = new StringBuilder()
            .Append("model:     ").Append(report.Model).Append(" (").Append(report.Engine.Text()).Append(")\n")
            .Append("data:      ").Append(report.Data.Path).Append(CultureInfo.InvariantCulture, $" ({report.Data.TestSplit}, {r.Count} images)\n")
            .Append("transform: ").Append(report.Transform.Describe()).Append(" (from ").Append(report.TransformSource).Append(")\n\n")
            .Append(CultureInfo.InvariantCulture, $"top-1  {Percent.Text(r.Top1)}\ntop-{r.TopK}  {Percent.Text(r.TopKAccuracy)}\nloss   {r.Loss:0.0000}\n\n");
        var rows = Enumerable.Range(0, r.ClassCount).Select(c => (string[])[
            c.ToString(CultureInfo.InvariantCulture), report.Data.Classes[c], r.Confusion.Row(c).Sum().ToString(CultureInfo.InvariantCulture), Percent.Text(r.PerClassAccuracy[c])]);
        return text.Append(TextTable.Render(["index", "class", "images", "top-1"], rows, 1)).ToString();
    }

}
