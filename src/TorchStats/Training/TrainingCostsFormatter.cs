using System;
using System.Globalization;
using System.Linq;
using System.Text;

using TorchShared;

namespace TorchStats;

/// <summary>
/// The text rendering of <see cref="TrainingCosts"/>: a table with one row per leaf module (in the layout of the
/// statistics table), then the step's multiply-accumulates and its memory at the peak by part.
/// </summary>
public static class TrainingCostsFormatter
{
    private const double BytesPerMiB = 1024 * 1024;

    /// <summary>Formats the costs.</summary>
    /// <param name="costs">The costs.</param>
    /// <param name="memoryLimitBytes">When set, also the largest batch whose estimated peak fits in this many bytes.</param>
    /// <returns>The text, ending with a newline.</returns>
    public static string Format(TrainingCosts costs, long? memoryLimitBytes = null)
    {
        ArgumentNullException.ThrowIfNull(costs);
        var text = new StringBuilder();
        text.Append(Title(costs)).Append('\n');
        var lines = Table(costs);
        foreach (var line in lines)
        {
            text.Append(line).Append('\n');
        }

        var width = lines[0].Length;
        var memory = costs.Memory;
        text.Append('=', width).Append('\n')
            .Append("Forward MACs: ").Append(PythonFormat.RoundValue(costs.ForwardMacs))
            .Append("; backward MACs: ").Append(PythonFormat.RoundValue(costs.BackwardMacs))
            .Append(" (input gradients ").Append(PythonFormat.RoundValue(costs.GradInputMacs))
            .Append(", weight gradients ").Append(PythonFormat.RoundValue(costs.GradWeightMacs)).Append(")\n")
            .Append("Step FLOPs as PyTorch's FlopCounterMode counts them (2 per MAC, convolution and linear layers): ").Append(PythonFormat.RoundValue(costs.StepFlops)).Append('\n')
            .Append('-', width).Append('\n')
            .Append("Memory at the step's peak (estimate, MiB):\n");
        Part(text, "parameters", memory.ParameterBytes, "all, trained or not");
        Part(text, "gradients", memory.GradientBytes, "one per trained parameter");
        Part(text, "optimizer state", memory.OptimizerStateBytes, TrainingOptimizers.Describe(costs.Optimizer));
        Part(text, "batch", memory.BatchBytes, $"the model's input, batch {Count(costs.Batch)}");
        Part(text, "kept for backward", memory.KeptActivationBytes, "tensors the layers keep, each storage once");
        Part(text, "transient", memory.TransientBytes, "at the activation peak: a layer's input and output gradients (backward), or its input and output (forward)");
        if (memory.OptimizerStepTemporaryBytes > 0)
        {
            Part(text, "step temporaries", memory.OptimizerStepTemporaryBytes,
                memory.OptimizerStepTemporaryBytes > memory.ActivationPeakBytes
                    ? "the optimizer step's, after backward: they set the peak"
                    : "the optimizer step's, after backward: below the backward peak, not added");
        }

        Part(text, "tensors at the peak", memory.TensorPeakBytes, null);
        if (costs.Process.RuntimeBytes > 0 || costs.Process.HeapRetention > 0)
        {
            Part(text, "runtime", memory.RuntimeBytes, "the runtime's own cost of a first training step");
            Part(text, "allocator retention", memory.AllocatorRetainedBytes,
                $"freed memory the allocator keeps: {PythonFormat.Repr(costs.Process.HeapRetention)} of the kept tensors in blocks up to {MiB(costs.Process.HeapBlockBytes)} MiB");
        }

        Part(text, "peak", memory.PeakBytes, null);
        text.Append("Fixed part ").Append(MiB(costs.FixedBytes)).Append(" MiB, ")
            .Append(PythonFormat.Fixed(costs.PerImageBytes / BytesPerMiB, 2)).Append(" MiB per image of the batch");
        if (memoryLimitBytes is { } limit)
        {
            text.Append("; the largest batch that fits in ").Append(PythonFormat.Fixed(limit / (BytesPerMiB * 1024), 2)).Append(" GiB: ")
                .Append(Count(costs.LargestBatch(limit)));
        }

        text.Append('\n').Append('-', width).Append('\n');
        foreach (var note in Notes(costs))
        {
            text.Append(note).Append('\n');
        }

        return text.ToString();
    }

    private static string Title(TrainingCosts costs) =>
        $"Training step: batch {Count(costs.Batch)}, {TrainingOptimizers.Describe(costs.Optimizer)}, trained: {costs.Trainable} " +
        $"({PythonFormat.Grouped(costs.TrainedParameters)} of {PythonFormat.Grouped(costs.ModelParameters)} parameters); " +
        $"analysed on {ShapeText.Format(costs.AnalysedInputShape)} {costs.InputType} on {costs.Device}";

    private static System.Collections.Generic.IReadOnlyList<string> Table(TrainingCosts costs)
    {
        var rows = costs.Rows;
        var index = rows.Select((_, i) => i.ToString(CultureInfo.InvariantCulture)).Append("total").ToArray();
        PandasLayout.Column Text(string header, Func<TrainingRow, string> cell, string total) =>
            new(header, false, PandasLayout.ObjectCells(rows.Select(cell).Append(total)));

        var columns = new[]
        {
            Text("module name", r => r.Name, " "),
            Text("type", r => r.TypeName, " "),
            Text("status", r => Status(r.Status), " "),
            Text("grad in", r => r.Calls == 0 ? " " : r.InputNeedsGradient ? "yes" : "no", " "),
            Text("trained params", r => PythonFormat.Grouped(r.TrainableParameters), PythonFormat.Grouped(rows.Sum(r => r.TrainableParameters))),
            Text("forward MACs", r => PythonFormat.Grouped(r.ForwardMacs), PythonFormat.Grouped(costs.ForwardMacs)),
            Text("grad-input MACs", r => PythonFormat.Grouped(r.GradInputMacs), PythonFormat.Grouped(costs.GradInputMacs)),
            Text("grad-weight MACs", r => PythonFormat.Grouped(r.GradWeightMacs), PythonFormat.Grouped(costs.GradWeightMacs)),
            Text("kept(MiB)", r => MiB(r.KeptBytes), MiB(rows.Sum(r => r.KeptBytes))),
        };
        return PandasLayout.Render(index, columns);
    }

    private static System.Collections.Generic.IEnumerable<string> Notes(TrainingCosts costs)
    {
        yield return "Every call of a layer is counted. Kept tensors follow PyTorch's autograd formulas for each layer type, with BatchNorm in training mode; "
            + "operations outside modules (torch.cat, +, mean, F.relu, ...) are invisible: what they keep is not counted.";
        if (costs.NotModelledTypes.Count > 0)
        {
            yield return "Not modelled (a gradient flows through them; what they keep is counted as nothing): " + string.Join(", ", costs.NotModelledTypes);
        }

        if (costs.NeverCalled.Count > 0)
        {
            yield return "Never called: " + string.Join(", ", costs.NeverCalled.Select(r => $"{r.Name} ({r.TypeName})"));
        }
    }

    private static void Part(StringBuilder text, string label, long bytes, string? what)
    {
        text.Append("  ").Append(label.PadRight(20)).Append(MiB(bytes).PadLeft(12));
        if (what is not null)
        {
            text.Append("  ").Append(what);
        }

        text.Append('\n');
    }

    private static string MiB(long bytes) => PythonFormat.Fixed(bytes / BytesPerMiB, 2);

    private static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Status(TrainingLayerStatus status) => status switch
    {
        TrainingLayerStatus.Counted => "counted",
        TrainingLayerStatus.NoGradient => "no gradient",
        TrainingLayerStatus.NotModelled => "not modelled",
        TrainingLayerStatus.NeverCalled => "never called",
        _ => "not observable",
    };
}
