using System;
using System.Collections.Generic;
using System.Linq;
using TorchShared;

namespace TorchStats;

/// <summary>
/// The result of an analysis: one row per leaf module in torchstat's order (registration order, modules that never ran
/// included), the totals (computed once, here), the unsupported layer types and the modules that never ran. A plain
/// object: formatters read it and never the model.
/// </summary>
public sealed class StatisticsReport
{
    private const double TorchstatDurationEpsilonSeconds = 1e-7;

    /// <summary>Creates a report from rows; <see cref="ModelStatistics.Analyze(TorchSharp.torch.nn.Module{TorchSharp.torch.Tensor, TorchSharp.torch.Tensor}, IReadOnlyList{long}, AnalysisOptions?)"/> does this, and tests or tools may too.</summary>
    /// <param name="modelName">The model's type name.</param>
    /// <param name="inputShape">The full input shape, batch first.</param>
    /// <param name="inputType">The input's element type, e.g. <c>float32</c>.</param>
    /// <param name="device">The device the forward pass ran on, e.g. <c>cpu</c> or <c>cuda:0</c>.</param>
    /// <param name="modelParameters">All parameter elements of the model, counted or not.</param>
    /// <param name="rows">The rows, in order (the last call of each module).</param>
    /// <exception cref="ArgumentException">The input shape is empty.</exception>
    public StatisticsReport(string modelName, IReadOnlyList<long> inputShape, string inputType, string device, long modelParameters, IEnumerable<LayerRow> rows)
        : this(modelName, [Input(inputShape, inputType)], device, modelParameters, rows, CallCounting.LastCall)
    {
    }

    /// <summary>Creates a report of a forward pass with any number of inputs, whose rows cover the last call of each module or every call.</summary>
    /// <param name="modelName">The model's type name.</param>
    /// <param name="inputs">The inputs, at least one; the first one's first dimension is the batch.</param>
    /// <param name="device">The device the forward pass ran on, e.g. <c>cpu</c> or <c>cuda:0</c>.</param>
    /// <param name="modelParameters">All parameter elements of the model, counted or not.</param>
    /// <param name="rows">The rows, in order.</param>
    /// <param name="callCounting">Whether the rows are the last call of each module or every call.</param>
    /// <exception cref="ArgumentException">There is no input, or the first input has no dimension.</exception>
    public StatisticsReport(string modelName, IReadOnlyList<InputDescription> inputs, string device, long modelParameters, IEnumerable<LayerRow> rows, CallCounting callCounting)
    {
        ArgumentNullException.ThrowIfNull(modelName);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(rows);
        if (inputs.Count == 0 || inputs.Any(i => i is null))
        {
            throw new ArgumentException("inputs must hold at least one input, and no null.", nameof(inputs));
        }

        if (inputs[0].Shape.Count == 0)
        {
            throw new ArgumentException("The first input's shape must hold at least the batch dimension, got [].", nameof(inputs));
        }

        ModelName = modelName;
        Inputs = inputs.Select(i => i with { Shape = i.Shape.ToArray() }).ToArray();
        Device = device;
        ModelParameters = modelParameters;
        CallCounting = callCounting;
        Rows = rows.ToArray();
        Totals = ComputeTotals(Rows) with { CallCounting = callCounting };
        DurationShares = Rows.Select(r => r.Duration.TotalSeconds / (Totals.Duration.TotalSeconds + TorchstatDurationEpsilonSeconds)).ToArray();
        UnsupportedTypes = Rows
            .Where(r => r.Status == LayerStatus.Unsupported)
            .GroupBy(r => r.TypeName, StringComparer.Ordinal)
            .Select(g => new UnsupportedLayerType(
                g.Key,
                g.Select(r => r.Name).Distinct(StringComparer.Ordinal).ToArray(),
                g.Select(r => r.Note).OfType<string>().Distinct(StringComparer.Ordinal).ToArray()))
            .ToArray();
        NeverCalled = Rows.Where(r => r.Status == LayerStatus.NeverCalled).ToArray();
        IgnoredTypes = Rows.Where(r => r.Status == LayerStatus.IgnoredOnPurpose).Select(r => r.TypeName).Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The model's type name.</summary>
    public string ModelName { get; }

    /// <summary>The full input shape, batch first (the first input's, when there are several).</summary>
    public IReadOnlyList<long> InputShape => Inputs[0].Shape;

    /// <summary>Every input of the forward pass, in order: shapes and element types.</summary>
    public IReadOnlyList<InputDescription> Inputs { get; }

    /// <summary>Whether the rows are the last call of each module (torchstat's way) or every call; <see cref="ReportTotals.CallCounting"/> says the same.</summary>
    public CallCounting CallCounting { get; }

    /// <summary>The batch size: the input shape's first dimension. MAdd and memory(MB) are per sample; Flops, MemRead, MemWrite and MACs cover the batch.</summary>
    public long BatchSize => InputShape[0];

    /// <summary>The input's element type, e.g. <c>float32</c> (the first input's, when there are several).</summary>
    public string InputType => Inputs[0].Type;

    /// <summary>The device the forward pass ran on.</summary>
    public string Device { get; }

    /// <summary>
    /// All parameter elements of the model. It exceeds <see cref="ReportTotals.Parameters"/> when parameters live in
    /// modules that never ran or in non-leaf modules, which torchstat's rows do not count.
    /// </summary>
    public long ModelParameters { get; }

    /// <summary>The rows, one per leaf module in torchstat's order (one per call of it under <see cref="CallCounting.EveryCall"/>).</summary>
    public IReadOnlyList<LayerRow> Rows { get; }

    /// <summary>The column sums.</summary>
    public ReportTotals Totals { get; }

    /// <summary>Each row's share of the summed durations (torchstat's duration[%] as a fraction), in row order.</summary>
    public IReadOnlyList<double> DurationShares { get; }

    /// <summary>The layer types with unsupported rows, in order of first appearance.</summary>
    public IReadOnlyList<UnsupportedLayerType> UnsupportedTypes { get; }

    /// <summary>The rows of modules that never ran (shown as zeros, as torchstat does).</summary>
    public IReadOnlyList<LayerRow> NeverCalled { get; }

    /// <summary>The layer types that ran and were ignored on purpose (zeros by design, e.g. Dropout, Identity).</summary>
    public IReadOnlyList<string> IgnoredTypes { get; }

    /// <summary>
    /// Sums the rows by module path: each row goes to its ancestor at <paramref name="depth"/> (a path of that many
    /// dotted parts), or to its parent when it is shallower, so that a layer is never a group on its own unless it sits
    /// directly in the model. For torchvision's resnet18, depth 1 gives <c>conv1, bn1, relu, maxpool, layer1 … layer4, avgpool,
    /// fc</c> and depth 2 splits each <c>layerN</c> into its blocks <c>layerN.0</c> and <c>layerN.1</c>.
    /// </summary>
    /// <param name="depth">1 or more.</param>
    /// <returns>The groups in order of first appearance, with sums and shares of the totals.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="depth"/> is below 1.</exception>
    public IReadOnlyList<RollupGroup> Rollup(int depth)
    {
        if (depth < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(depth), depth, $"depth must be 1 or more, got {depth}.");
        }

        var totals = Totals;
        return Rows
            .GroupBy(r => GroupName(r.Name, depth), StringComparer.Ordinal)
            .Select(g => new RollupGroup(
                g.Key,
                g.Count(),
                g.Sum(r => r.Parameters),
                g.Sum(r => (double)r.MemoryMB),
                g.Sum(r => r.MAdd),
                g.Sum(r => r.Flops),
                g.Sum(r => r.MemoryReadWriteBytes),
                g.Sum(r => r.Macs),
                Share(g.Sum(r => r.Parameters), totals.Parameters),
                Share(g.Sum(r => r.MAdd), totals.MAdd),
                Share(g.Sum(r => r.Flops), totals.Flops),
                Share(g.Sum(r => r.MemoryReadWriteBytes), totals.MemoryReadWriteBytes),
                Share(g.Sum(r => r.Macs), totals.Macs)))
            .ToArray();
    }

    /// <summary>torchstat's table and totals block, then MACs, the batch conventions, unsupported types and modules that never ran.</summary>
    /// <returns>The text, ending with a newline.</returns>
    public string ToTable() => TableFormatter.Format(this);

    /// <summary>A Markdown document: the table, totals, unsupported types, modules that never ran and the column conventions.</summary>
    /// <returns>The Markdown text.</returns>
    public string ToMarkdown() => MarkdownFormatter.Format(this);

    /// <summary>One CSV line per row and a total line, with torchstat's columns plus type, status, MACs and calls.</summary>
    /// <returns>The CSV text.</returns>
    public string ToCsv() => CsvFormatter.Format(this);

    /// <summary>The whole report as indented JSON.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => JsonFormatter.Format(this);

    /// <inheritdoc />
    public override string ToString() =>
        $"{ModelName} on {ShapeText.Format(InputShape)}: {PythonFormat.Grouped(Rows.Count)} layers, {PythonFormat.Grouped(Totals.Parameters)} params, " +
        $"{PythonFormat.Grouped(Totals.MAdd)} MAdd, {PythonFormat.Grouped(Totals.Flops)} Flops, {PythonFormat.Grouped(Totals.Macs)} MACs";

    private static InputDescription Input(IReadOnlyList<long> inputShape, string inputType)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        ArgumentNullException.ThrowIfNull(inputType);
        if (inputShape.Count == 0)
        {
            throw new ArgumentException("inputShape must hold at least the batch dimension, got [].", nameof(inputShape));
        }

        return new InputDescription(inputShape.ToArray(), inputType);
    }

    internal static string GroupName(string name, int depth)
    {
        var parts = name.Split('.');
        return parts.Length == 1 ? name : string.Join('.', parts.Take(Math.Min(depth, parts.Length - 1)));
    }

    private static double Share(long part, long total) => total == 0 ? 0 : (double)part / total;

    private static ReportTotals ComputeTotals(IReadOnlyList<LayerRow> rows) => new(
        rows.Sum(r => r.Parameters),
        Float32Sum.Pairwise(rows.Select(r => r.MemoryMB).ToArray()),
        rows.Sum(r => r.MAdd),
        rows.Sum(r => r.Flops),
        rows.Sum(r => r.MemoryReadBytes),
        rows.Sum(r => r.MemoryWriteBytes),
        rows.Sum(r => r.Macs),
        TimeSpan.FromTicks(rows.Sum(r => r.Duration.Ticks)));
}
