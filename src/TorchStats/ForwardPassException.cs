using System;
using System.Collections.Generic;
using System.Linq;
using TorchShared;
using static TorchSharp.torch;

namespace TorchStats;

/// <summary>
/// The model's forward pass threw during <c>ModelStatistics.Analyze</c>. The message names the input, the leaf
/// module that was running (or the last one that completed) and the cause; <see cref="Exception.InnerException"/> is
/// the original exception. By the time this is thrown the model's hooks are removed and its train/eval flags restored.
/// </summary>
public sealed class ForwardPassException : Exception
{
    /// <summary>Creates the exception with a message only.</summary>
    public ForwardPassException()
        : this("The model's forward pass failed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ForwardPassException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the original exception.</summary>
    public ForwardPassException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    private ForwardPassException(string message, Exception innerException, IReadOnlyList<long> inputShape, string? runningLeaf, string? lastCompletedLeaf)
        : base(message, innerException)
    {
        InputShape = inputShape;
        RunningLeaf = runningLeaf;
        LastCompletedLeaf = lastCompletedLeaf;
    }

    /// <summary>The input shape the forward pass was given (the first input's, when there were several).</summary>
    public IReadOnlyList<long> InputShape { get; } = [];

    /// <summary>The dotted name of the leaf module whose forward had started but not finished, if the failure was inside one.</summary>
    public string? RunningLeaf { get; }

    /// <summary>The dotted name of the last leaf module that completed before the failure, if any.</summary>
    public string? LastCompletedLeaf { get; }

    internal static ForwardPassException Describe(
        nn.Module model, ModuleTree tree, LeafObservations observations, IReadOnlyList<InputDescription> inputs, Device device, bool shapeOnly, Exception cause)
    {
        string? Name(int leaf) => leaf < 0 ? null : tree.Leaves[leaf].Name;
        string Label(int leaf) => $"'{tree.Leaves[leaf].Name}' ({tree.Leaves[leaf].Module.GetType().Name})";

        var where = observations.Running >= 0
            ? $"inside leaf module {Label(observations.Running)}" + (observations.LastCompleted >= 0 ? $", after {Label(observations.LastCompleted)} had run" : ", the first leaf to run")
            : observations.LastCompleted >= 0
                ? $"after leaf module {Label(observations.LastCompleted)} had run (outside any leaf, in a container's own forward code)"
                : "before any leaf module ran";
        var inputShape = inputs[0].Shape.ToArray();
        var hint = shapeOnly && inputShape.Length == 3
            ? $" The input shape includes the batch: torchstat's input_size={ShapeText.Format(inputShape)} is {ShapeText.Format([1, .. inputShape])} here."
            : string.Empty;
        var on = inputs.Count == 1
            ? $"input {ShapeText.Format(inputShape)} ({inputs[0].Type}, {device})"
            : $"inputs {string.Join(", ", inputs.Select(i => $"{ShapeText.Format(i.Shape)} ({i.Type})"))} on {device}";
        var message =
            $"The forward pass of {model.GetType().Name} on {on} failed {where}: " +
            $"{cause.GetType().Name}: {FirstLine(cause.Message)}{hint} The model's hooks were removed and its train/eval modes restored.";
        return new ForwardPassException(message, cause, inputShape, Name(observations.Running), Name(observations.LastCompleted));
    }

    /// <summary>libtorch appends its C++ backtrace to the message; the first line says what went wrong (the rest stays in InnerException).</summary>
    private static string FirstLine(string message)
    {
        var end = message.IndexOf('\n', StringComparison.Ordinal);
        return (end < 0 ? message : message[..end]).TrimEnd('\r', ' ', '.') + ".";
    }
}
