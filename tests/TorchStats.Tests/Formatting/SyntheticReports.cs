using System;
using System.Linq;

namespace TorchStats.Tests.Formatting;

/// <summary>Hand-made reports for the formatter golden files: every status, batch 2, fixed durations.</summary>
internal static class SyntheticReports
{
    public static StatisticsReport Mixed() => new(
        "TinyNet",
        [2, 3, 8, 8],
        "float32",
        "cpu",
        modelParameters: 1_402,
        MixedRows());

    /// <summary>
    /// The same network with every call counted and two inputs: <c>skip</c> ran twice, so it has two rows (its
    /// parameters, none here, in the first), and the totals cover both calls.
    /// </summary>
    public static StatisticsReport EveryCall() => new(
        "TinyNet",
        [new InputDescription([2, 3, 8, 8], "float32"), new InputDescription([2, 5], "int64")],
        "cpu",
        modelParameters: 1_402,
        MixedRows().SelectMany(r => r.Name == "skip"
            ? new[]
            {
                r with { CallIndex = 0, Duration = TimeSpan.FromMilliseconds(0.25) },
                r with { CallIndex = 1, Duration = TimeSpan.FromMilliseconds(0.25) },
            }
            : [r]),
        CallCounting.EveryCall);

    private static LayerRow[] MixedRows() =>
        [
            new LayerRow("features.0", "Conv2d", LayerStatus.Counted, [2, 3, 8, 8], [2, 4, 8, 8], 112, 4 * 64 * 4 / 1048576f,
                13_568, 13_824, 4_864, 4_096, 13_824, TimeSpan.FromMilliseconds(3), 1) { CallIndex = 0 },
            new LayerRow("features.1", "ReLU", LayerStatus.Counted, [2, 4, 8, 8], [2, 4, 8, 8], 0, 4 * 64 * 4 / 1048576f,
                256, 512, 2_048, 2_048, 0, TimeSpan.FromMilliseconds(1), 1) { CallIndex = 0 },
            new LayerRow("features.2", "Sigmoid", LayerStatus.Unsupported, [2, 4, 8, 8], [2, 4, 8, 8], 0, 4 * 64 * 4 / 1048576f,
                0, 0, 0, 0, 0, TimeSpan.FromMilliseconds(1), 1) { CallIndex = 0 },
            new LayerRow("skip", "Sequential", LayerStatus.IgnoredOnPurpose, [2, 256], [2, 256], 0, 256 * 4 / 1048576f,
                0, 0, 0, 0, 0, TimeSpan.FromMilliseconds(0.5), 2) { CallIndex = 1 },
            new LayerRow("head", "Linear", LayerStatus.Counted, [2, 256], [2, 5], 1_285, 5 * 4 / 1048576f,
                2_555, 2_560, 12_328, 40, 2_560, TimeSpan.FromMilliseconds(4.5), 1) { CallIndex = 0 },
            new LayerRow("spare", "Conv2d", LayerStatus.NeverCalled, [], [], 0, 0f, 0, 0, 0, 0, 0, TimeSpan.Zero, 0),
            new LayerRow("custom", "Gate", LayerStatus.Unsupported, [2, 5], [2, 5], 0, 5 * 4 / 1048576f,
                0, 0, 0, 0, 0, TimeSpan.Zero, 1, "Gate is counted for 4-D input only.") { CallIndex = 0 },
        ];
}
