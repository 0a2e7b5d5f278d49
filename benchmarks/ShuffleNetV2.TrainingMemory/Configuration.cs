using System;
using System.Globalization;

namespace ShuffleNet.Torch.MemoryCheck;

/// <summary>
/// One row of the table: a width, a batch and an optimizer, at an input size, with a thread count and a number of steps;
/// all parameters trained, or only the classifier (<c>fc</c>).
/// </summary>
internal sealed record Configuration(string WidthText, int Batch, string Optimizer, int Size, int Threads, int Steps, string Trainable = "all")
{
    public bool ClassifierOnly => Trainable switch
    {
        "all" => false,
        "classifier" => true,
        _ => throw new ArgumentException($"Unknown trainable set '{Trainable}'; use all or classifier."),
    };

    public ShuffleNetV2Width Width => ShuffleNetV2Widths.TryParse(WidthText, out var width)
        ? width
        : throw new ArgumentException($"Unknown width '{WidthText}'; use 0.5, 1.0, 1.5 or 2.0.");

    public string[] MeasureArguments() =>
    [
        "measure", "--width", WidthText, "--batch", Text(Batch), "--optimizer", Optimizer, "--size", Text(Size), "--threads", Text(Threads), "--steps", Text(Steps),
        "--trainable", Trainable,
    ];

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
