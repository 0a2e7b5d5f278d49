using System;
using System.Collections.Generic;
using System.Linq;
using TorchShared;
using static TorchSharp.torch;

namespace TorchStats;

/// <summary>
/// Per-layer statistics of a TorchSharp model, with torchstat's columns and numbers: hooks on every leaf module record
/// one forward pass (eval mode, no gradients, on the model's device), a counter per layer type turns each call into
/// numbers, and the result is a <see cref="StatisticsReport"/> that prints only when asked.
/// </summary>
/// <example>
/// <code>
/// var report = ModelStatistics.Analyze(model, [1, 3, 224, 224]);   // torchstat's stat(model, input_size=[3, 224, 224])
/// Console.Write(report.ToTable());
/// </code>
/// </example>
public static class ModelStatistics
{
    /// <summary>Analyzes <paramref name="model"/> with one forward pass of random input of shape <paramref name="inputShape"/>.</summary>
    /// <param name="model">Any module taking and returning one tensor. It is left as it was: same hooks, buffers and train/eval flags.</param>
    /// <param name="inputShape">
    /// The FULL input shape, batch first, e.g. <c>[1, 3, 224, 224]</c>. torchstat's <c>input_size=[3, 224, 224]</c> is batch 1.
    /// MAdd and memory(MB) are per sample; Flops, MemRead, MemWrite and MACs cover the whole batch (see <see cref="StatisticsColumns"/>).
    /// </param>
    /// <param name="options">Counters, device and input type; defaults when null.</param>
    /// <returns>The report: rows in torchstat's order, totals, unsupported types and modules that never ran.</returns>
    /// <remarks>
    /// Analyses of the same model are serialised (a second one waits for the first: the hooks live in the model);
    /// different models can be analysed on different threads at once, unless they share modules. Do not run the model
    /// elsewhere during its analysis.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> or <paramref name="inputShape"/> is null.</exception>
    /// <exception cref="ArgumentException">The shape has fewer than 2 dimensions or a size below 1, or the input type is not floating-point.</exception>
    /// <exception cref="ObjectDisposedException">The model or one of its modules has been disposed; the message names which.</exception>
    /// <exception cref="ForwardPassException">The forward pass threw; the message names the leaf that was running or ran last.</exception>
    public static StatisticsReport Analyze(nn.Module<Tensor, Tensor> model, IReadOnlyList<long> inputShape, AnalysisOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputShape);
        var shape = ValidateShape(inputShape);
        options ??= new AnalysisOptions();
        var inputType = ValidateInputType(options);
        var counters = (options.Counters ?? throw new ArgumentException("options.Counters must not be null.", nameof(options))).Clone();

        DisposedModules.ThrowIfDisposed(model);
        lock (ModelGate.For(model))
        {
            var tree = ModuleTree.Build(model);
            DisposedModules.ThrowIfAnyDisposed(model, tree);
            var device = options.Device ?? DeviceOf(model);
            var observations = ForwardWalk.Run(model, tree, shape, inputType, device);
            var rows = RowBuilder.Build(tree, observations, counters);
            return new StatisticsReport(model.GetType().Name, shape, TypeName(inputType), device.ToString(), CountParameters(model), rows);
        }
    }

    private static long[] ValidateShape(IReadOnlyList<long> inputShape)
    {
        var shape = inputShape.ToArray();
        if (shape.Length < 2)
        {
            throw new ArgumentException(
                $"inputShape must be the full input shape, batch first, with at least 2 dimensions (e.g. [1, 3, 224, 224]; torchstat's input_size=[3, 224, 224] is batch 1), got {ShapeText.Format(shape)}.",
                nameof(inputShape));
        }

        var bad = Array.FindIndex(shape, d => d <= 0);
        if (bad >= 0)
        {
            throw new ArgumentException($"inputShape sizes must all be positive, got {ShapeText.Format(shape)} (size {shape[bad]} at dimension {bad}).", nameof(inputShape));
        }

        return shape;
    }

    private static ScalarType ValidateInputType(AnalysisOptions options) => options.InputType switch
    {
        ScalarType.Float32 or ScalarType.Float64 or ScalarType.Float16 or ScalarType.BFloat16 => options.InputType,
        _ => throw new ArgumentException($"options.InputType must be a floating-point type (Float32, Float64, Float16, BFloat16), got {options.InputType}.", nameof(options)),
    };

    internal static string TypeName(ScalarType type) => type switch
    {
        ScalarType.Float32 => "float32",
        ScalarType.Float64 => "float64",
        ScalarType.Float16 => "float16",
        ScalarType.BFloat16 => "bfloat16",
        _ => type.ToString(),
    };

    private static Device DeviceOf(nn.Module model)
    {
        var parameter = model.parameters().FirstOrDefault();
        if (parameter is not null)
        {
            return parameter.device;
        }

        var buffer = model.buffers().FirstOrDefault();
        return buffer is not null ? buffer.device : CPU;
    }

    private static long CountParameters(nn.Module model) => model.parameters().Sum(p => p.numel());
}
