using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
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
/// var tokens = ModelStatistics.AnalyzeInputs(textModel, torch.randint(0, 1000, [1, 16]));   // example tensors, any type
/// </code>
/// </example>
public static partial class ModelStatistics
{
    /// <summary>Analyzes <paramref name="model"/> with one forward pass of random input of shape <paramref name="inputShape"/>.</summary>
    /// <param name="model">Any module taking and returning one tensor. It is left as it was: same hooks, buffers and train/eval flags.</param>
    /// <param name="inputShape">
    /// The FULL input shape, batch first, e.g. <c>[1, 3, 224, 224]</c>. torchstat's <c>input_size=[3, 224, 224]</c> is batch 1.
    /// MAdd and memory(MB) are per sample; Flops, MemRead, MemWrite and MACs cover the whole batch (see <see cref="StatisticsColumns"/>).
    /// </param>
    /// <param name="options">Counters, device, input type and call counting; defaults when null.</param>
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
        var counters = CountersOf(options);

        DisposedModules.ThrowIfDisposed(model);
        lock (ModelGate.For(model))
        {
            var tree = ModuleTree.Build(model);
            DisposedModules.ThrowIfAnyDisposed(model, tree);
            var device = options.Device ?? DeviceOf(model);
            InputDescription[] inputs = [new(shape, TypeName(inputType))];
            var observations = ForwardWalk.Run(
                model,
                tree,
                () => model.call(ForwardWalk.CreateInput(shape, inputType, device)),
                (cause, seen) => ForwardPassException.Describe(model, tree, seen, inputs, device, shapeOnly: true, cause));
            var rows = RowBuilder.Build(tree, observations, counters, options.CallCounting);
            return new StatisticsReport(model.GetType().Name, inputs, device.ToString(), CountParameters(model), rows, options.CallCounting);
        }
    }

    /// <summary>Analyzes <paramref name="model"/> with one forward pass of an example tensor, of any element type (e.g. int64 token ids).</summary>
    /// <param name="model">Any module taking and returning one tensor. It is left as it was: same hooks, buffers and train/eval flags.</param>
    /// <param name="input">The input, batch first, on the device the model expects; used as it is (<see cref="AnalysisOptions.Device"/> and <see cref="AnalysisOptions.InputType"/> do not apply) and not disposed.</param>
    /// <param name="options">Counters and call counting; defaults when null.</param>
    /// <returns>The report: rows in torchstat's order, totals, unsupported types and modules that never ran.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> or <paramref name="input"/> is null.</exception>
    /// <exception cref="ArgumentException">The input is disposed or has no dimension.</exception>
    /// <exception cref="ObjectDisposedException">The model or one of its modules has been disposed; the message names which.</exception>
    /// <exception cref="ForwardPassException">The forward pass threw; the message names the leaf that was running or ran last.</exception>
    public static StatisticsReport AnalyzeInputs(nn.Module<Tensor, Tensor> model, Tensor input, AnalysisOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(input);
        return AnalyzeExamples(model, ValidateExamples([input], nameof(input)), inputs => model.call(inputs[0]), options);
    }

    /// <summary>
    /// Analyzes <paramref name="model"/> with one forward pass of example tensors, of any element types: the model's
    /// <c>call</c> that takes that many tensors is called with them, e.g. <c>Module&lt;Tensor, Tensor, Tensor&gt;.call(ids, mask)</c>.
    /// </summary>
    /// <param name="model">A module whose <c>call</c> takes <paramref name="inputs"/>.Count tensors. It is left as it was.</param>
    /// <param name="inputs">The inputs, in order, the first one batch first; used as they are (<see cref="AnalysisOptions.Device"/> and <see cref="AnalysisOptions.InputType"/> do not apply) and not disposed.</param>
    /// <param name="options">Counters and call counting; defaults when null.</param>
    /// <returns>The report: rows in torchstat's order, totals, unsupported types and modules that never ran.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> or <paramref name="inputs"/> is null.</exception>
    /// <exception cref="ArgumentException">No input, a null or disposed input, a first input without dimensions, or a model without a <c>call</c> taking that many tensors.</exception>
    /// <exception cref="ObjectDisposedException">The model or one of its modules has been disposed; the message names which.</exception>
    /// <exception cref="ForwardPassException">The forward pass threw; the message names the leaf that was running or ran last.</exception>
    public static StatisticsReport AnalyzeInputs(nn.Module model, IReadOnlyList<Tensor> inputs, AnalysisOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputs);
        var tensors = ValidateExamples(inputs);
        var call = CallTaking(model, tensors.Length)
            ?? throw new ArgumentException($"{model.GetType().Name} has no call taking {tensors.Length} tensor(s), so it cannot be run with {tensors.Length} input(s).", nameof(inputs));
        return AnalyzeExamples(model, tensors, examples => Invoke(call, model, examples), options);
    }

    private static StatisticsReport AnalyzeExamples(nn.Module model, Tensor[] tensors, Action<Tensor[]> forward, AnalysisOptions? options)
    {
        options ??= new AnalysisOptions();
        var counters = CountersOf(options);

        DisposedModules.ThrowIfDisposed(model);
        lock (ModelGate.For(model))
        {
            var tree = ModuleTree.Build(model);
            DisposedModules.ThrowIfAnyDisposed(model, tree);
            var device = tensors[0].device;
            var inputs = tensors.Select(t => new InputDescription(t.shape, TypeName(t.dtype))).ToArray();
            var observations = ForwardWalk.Run(
                model,
                tree,
                () => forward(tensors),
                (cause, seen) => ForwardPassException.Describe(model, tree, seen, inputs, device, shapeOnly: false, cause));
            var rows = RowBuilder.Build(tree, observations, counters, options.CallCounting);
            return new StatisticsReport(model.GetType().Name, inputs, device.ToString(), CountParameters(model), rows, options.CallCounting);
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

    private static Tensor[] ValidateExamples(IReadOnlyList<Tensor> inputs, string parameter = "inputs")
    {
        var tensors = inputs.ToArray();
        var problem = tensors.Length == 0 ? "there must be at least one input tensor"
            : Array.FindIndex(tensors, t => t is null) is var missing and >= 0 ? $"input {missing} is null"
            : Array.FindIndex(tensors, t => t.IsInvalid) is var disposed and >= 0 ? $"input {disposed} has been disposed"
            : tensors[0].Dimensions == 0 ? "the first input must have at least one dimension, the batch; it is a scalar"
            : null;
        return problem is null ? tensors : throw new ArgumentException($"Cannot analyse with these inputs: {problem}.", parameter);
    }

    private static CounterRegistry CountersOf(AnalysisOptions options) => CountersOf(options.Counters, nameof(options));

    /// <summary>A copy of the options' counters, so that changes the caller makes during the analysis do not apply.</summary>
    private static CounterRegistry CountersOf(CounterRegistry? counters, string optionsName) =>
        (counters ?? throw new ArgumentException("options.Counters must not be null.", optionsName)).Clone();

    /// <summary>The public <c>call</c> of the model's type that takes <paramref name="count"/> arguments, each able to receive a tensor; null if none.</summary>
    private static MethodInfo? CallTaking(nn.Module model, int count) =>
        model.GetType().GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .FirstOrDefault(m => m.Name == "call" && m.GetParameters().Length == count && m.GetParameters().All(p => p.ParameterType.IsAssignableFrom(typeof(Tensor))));

    private static void Invoke(MethodInfo call, nn.Module model, Tensor[] tensors)
    {
        try
        {
            call.Invoke(model, tensors);
        }
        catch (TargetInvocationException wrapped) when (wrapped.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(wrapped.InnerException).Throw();
        }
    }

    private static ScalarType ValidateInputType(AnalysisOptions options) => FloatInputType(options.InputType, nameof(options), " for a shape; pass an example tensor for other types");

    /// <summary>The random input made from a shape is floating-point; <paramref name="hint"/> follows "must be a floating-point type (...)".</summary>
    private static ScalarType FloatInputType(ScalarType type, string optionsName, string hint = "") => type switch
    {
        ScalarType.Float32 or ScalarType.Float64 or ScalarType.Float16 or ScalarType.BFloat16 => type,
        _ => throw new ArgumentException($"options.InputType must be a floating-point type (Float32, Float64, Float16, BFloat16){hint}, got {type}.", optionsName),
    };

    internal static string TypeName(ScalarType type) => type switch
    {
        ScalarType.Float32 => "float32",
        ScalarType.Float64 => "float64",
        ScalarType.Float16 => "float16",
        ScalarType.BFloat16 => "bfloat16",
        ScalarType.Int64 => "int64",
        ScalarType.Int32 => "int32",
        ScalarType.Int16 => "int16",
        ScalarType.Int8 => "int8",
        ScalarType.Byte => "uint8",
        ScalarType.Bool => "bool",
        ScalarType.ComplexFloat32 => "complex64",
        ScalarType.ComplexFloat64 => "complex128",
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
