using System;
using System.Globalization;

namespace ShuffleNet.Torch.MemoryCheck;

/// <summary>One row of the table: a width, a batch and an optimizer, at an input size, with a thread count and a number of steps.</summary>
internal sealed record Configuration(string WidthText, int Batch, string Optimizer, int Size, int Threads, int Steps)
{
    public ShuffleNetV2Width Width => ShuffleNetV2Widths.TryParse(WidthText, out var width)
        ? width
        : throw new ArgumentException($"Unknown width '{WidthText}'; use 0.5, 1.0, 1.5 or 2.0.");

    public string[] MeasureArguments() =>
    [
        "measure", "--width", WidthText, "--batch", Text(Batch), "--optimizer", Optimizer, "--size", Text(Size), "--threads", Text(Threads), "--steps", Text(Steps),
    ];

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
