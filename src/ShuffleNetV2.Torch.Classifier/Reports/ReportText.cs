using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using TorchCheckpoints.Hub;

namespace ShuffleNet.Torch.Classifier.Reports;

/// <summary>How the reports write numbers, accuracies, transforms and JSON.</summary>
internal static class ReportText
{
    /// <summary>One-line JSON results: readable text, a NaN loss as "NaN" (as <c>metrics.jsonl</c> writes it).</summary>
    public static readonly JsonSerializerOptions Line = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Indented JSON documents with readable text.</summary>
    public static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>"55.80%" for 0.558; "-" for NaN (a class without images).</summary>
    public static string Percent(double fraction) => double.IsNaN(fraction) ? "-" : (fraction * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    /// <summary>55.8 for 0.558 (not 55.800000000000004); null for null or NaN.</summary>
    public static double? JsonPercent(double? fraction) => fraction is { } f && !double.IsNaN(f) ? Math.Round(f * 100, 6) : null;

    public static string Number(double value, string format = "R") => value.ToString(format, CultureInfo.InvariantCulture);

    public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A transform as the JSON results write it: size [H, W], resize (null for none), mean and std.</summary>
    public static object Json(ImageClassificationTransform transform) =>
        new { size = new[] { transform.CropHeight, transform.CropWidth }, resize = transform.ResizeSize, mean = transform.Mean, std = transform.Std };

    /// <summary>"torchsharp" or "onnx".</summary>
    public static string Name(ClassifierEngine engine) => engine == ClassifierEngine.OnnxRuntime ? "onnx" : "torchsharp";

    /// <summary>"ShuffleNetV2 0.5x", or the stages of an architecture that is no preset width.</summary>
    public static string Name(ShuffleNetV2Architecture architecture) =>
        architecture.Width is { } width ? $"ShuffleNetV2 {width.ToText()}x" : $"ShuffleNetV2 ({architecture})";

    /// <summary>The first three of <paramref name="names"/>, e.g. "a, b, c and 7 more".</summary>
    public static string FirstThree(IReadOnlyList<string> names) =>
        string.Join(", ", names.Take(3)) + (names.Count > 3 ? $" and {names.Count - 3} more" : string.Empty);

    /// <summary>Refuses a format the report does not write.</summary>
    public static ArgumentOutOfRangeException Unsupported(ReportFormat format, string report) =>
        new(nameof(format), format, $"A {report} is written as {(report == "classification" ? "text, Markdown, CSV or JSON" : "text or JSON")}, not {format}.");
}
