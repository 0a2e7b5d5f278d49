using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using TorchCheckpoints.Hub;

namespace ShuffleNet.Torch.Classifier.Reports;

/// <summary>A classifier evaluated on the test split of a data folder: top-1, top-k, loss and per-class accuracy, with the transform used and where it came from.</summary>
/// <param name="Model">The model's full path, or empty for a network in memory.</param>
/// <param name="Engine">What ran the network.</param>
/// <param name="Evaluation">The data and the result.</param>
/// <param name="Transform">How the images were prepared.</param>
/// <param name="TransformSource">Where <paramref name="Transform"/> came from, in words: the card's location (with the options' values, if any), or the options.</param>
/// <param name="Notices">What the reader should be told, one line each: the model's class names are not the data's (labels are matched by index).</param>
public sealed record EvaluationReport(
    string Model, ClassifierEngine Engine, ClassifierEvaluation Evaluation, ImageClassificationTransform Transform, string TransformSource, IReadOnlyList<string> Notices)
{
    /// <summary>Evaluates <paramref name="classifier"/> on <paramref name="dataPath"/> (see <see cref="ShuffleNetV2Classifier.Evaluate(string, EvaluationOptions?, CancellationToken)"/>).</summary>
    /// <param name="classifier">The classifier.</param>
    /// <param name="dataPath">IDX files or an image folder.</param>
    /// <param name="options">Batch, workers, split; null for the defaults.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    /// <returns>The report.</returns>
    /// <exception cref="System.IO.DirectoryNotFoundException">There is no such folder.</exception>
    /// <exception cref="TorchTraining.Datasets.DataLayoutException">The folder holds none of the data layouts.</exception>
    /// <exception cref="System.IO.InvalidDataException">The data is not usable, or has another number of classes than the model.</exception>
    public static EvaluationReport Create(ShuffleNetV2Classifier classifier, string dataPath, EvaluationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        var evaluation = classifier.Evaluate(dataPath, options, cancellationToken);
        IReadOnlyList<string> notices = evaluation.ClassNamesMatch || classifier.Classes is not { } names
            ? []
            : [$"The model's class names ({string.Join(", ", names.Take(3))}, ...) differ from the data's ({string.Join(", ", evaluation.Data.Classes.Take(3))}, ...); labels are matched by index."];
        return new EvaluationReport(classifier.Source.Path, classifier.Engine, evaluation, classifier.Transform, TransformOrigin(classifier), notices);
    }

    /// <summary>Where a classifier's transform came from, in words: the card's location, with the options' values when they replaced some, or the options (or ImageNet's default) without a card.</summary>
    /// <param name="classifier">The classifier.</param>
    /// <returns>The words.</returns>
    public static string TransformOrigin(ShuffleNetV2Classifier classifier)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        return classifier.Source.CardLocation is not { } card
            ? classifier.Transform.Equals(ImageClassificationTransform.ImageNet) ? "ImageNet's default" : "the options"
            : classifier.Overrides is null ? card : $"{card}, with the options' values";
    }

    /// <summary>The report as a table (text) or one JSON object on one line (accuracies in percent).</summary>
    /// <param name="format">Text or JSON.</param>
    /// <returns>The document, ending with a line break.</returns>
    public string Format(ReportFormat format)
    {
        var r = Evaluation.Result;
        var data = Evaluation.Data;
        if (format == ReportFormat.Json)
        {
            return JsonSerializer.Serialize(
                new
                {
                    model = Model,
                    engine = ReportText.Name(Engine),
                    data = data.Path,
                    test_split = data.TestSplit,
                    count = r.Count,
                    top1 = ReportText.JsonPercent(r.Top1),
                    top5 = ReportText.JsonPercent(r.TopKAccuracy),
                    top_k = r.TopK,
                    loss = r.Loss,
                    per_class = Enumerable.Range(0, r.ClassCount).Select(c => new { index = c, label = data.Classes[c], count = r.Confusion.Row(c).Sum(), top1 = ReportText.JsonPercent(r.PerClassAccuracy[c]) }),
                    eval_transform = ReportText.Json(Transform),
                    eval_transform_source = TransformSource,
                },
                ReportText.Line) + "\n";
        }

        if (format != ReportFormat.Text)
        {
            throw ReportText.Unsupported(format, "evaluation");
        }

        var text = new StringBuilder()
            .Append("model:     ").Append(Model).Append(" (").Append(ReportText.Name(Engine)).Append(")\n")
            .Append("data:      ").Append(data.Path).Append(CultureInfo.InvariantCulture, $" ({data.TestSplit}, {ReportText.Int(r.Count)} images)\n")
            .Append("transform: ").Append(Transform.Describe()).Append(" (from ").Append(TransformSource).Append(")\n\n")
            .Append(CultureInfo.InvariantCulture, $"top-1  {ReportText.Percent(r.Top1)}\ntop-{ReportText.Int(r.TopK)}  {ReportText.Percent(r.TopKAccuracy)}\nloss   {ReportText.Number(r.Loss, "0.0000")}\n\n");
        var rows = Enumerable.Range(0, r.ClassCount).Select(c => (string[])[
            ReportText.Int(c), data.Classes[c], ReportText.Int(r.Confusion.Row(c).Sum()), ReportText.Percent(r.PerClassAccuracy[c])]);
        return text.Append(TextTable.Render(["index", "class", "images", "top-1"], rows, 1)).ToString();
    }
}
