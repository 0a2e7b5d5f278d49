using System;
using System.Collections.Generic;
using System.Linq;
using TorchShared;
using static TorchSharp.torch;

namespace TorchStats;

/// <summary>
/// One forward pass with gradients, the trainable set applied to the parameters' <c>requires_grad</c>, and a hook pair on
/// every leaf that records each call: shapes, whether a gradient flows into the input and out of the output, and which
/// storage the input and output live in (to count a tensor kept by several layers once). Eval mode, so that BatchNorm's
/// running statistics are not updated. In a <c>finally</c>, also when the forward throws: hooks removed, every
/// parameter's <c>requires_grad</c> and every module's train/eval flag restored.
/// </summary>
internal static class TrainingWalk
{
    public static TrainingObservations Run(
        nn.Module<Tensor, Tensor> model, ModuleTree tree, long[] inputShape, ScalarType inputType, Device device, TrainableParameters trainable)
    {
        var observations = new TrainingObservations(tree.Leaves.Count);
        var removers = new List<Action>(tree.Leaves.Count * 2);
        var flags = model.named_parameters().Select(p => (p.name, p.parameter, p.parameter.requires_grad)).ToArray();
        var modes = TrainingModes.SwitchToEval(model);
        try
        {
            foreach (var (name, parameter, requiresGrad) in flags)
            {
                var trained = trainable.Includes(name, requiresGrad);
                observations.Trainable[name] = trained;
                if (parameter.requires_grad != trained)
                {
                    parameter.requires_grad = trained;
                }
            }

            AddHooks(tree, observations, removers);
            using var scope = NewDisposeScope();
            using var grad = enable_grad();
            var input = ForwardWalk.CreateInput(inputShape, inputType, device);
            observations.Batch = StorageOf(input);
            observations.BatchBytes = observations.Batch?.Bytes ?? input.numel() * input.ElementSize;
            try
            {
                model.call(input);
            }
            catch (Exception cause)
            {
                throw ForwardPassException.Describe(model, tree, observations.Leaves, [new InputDescription(inputShape, ModelStatistics.TypeName(inputType))], device, shapeOnly: true, cause);
            }
        }
        finally
        {
            try
            {
                foreach (var remove in removers)
                {
                    remove();
                }
            }
            finally
            {
                foreach (var (_, parameter, requiresGrad) in flags)
                {
                    if (parameter.requires_grad != requiresGrad)
                    {
                        parameter.requires_grad = requiresGrad;
                    }
                }

                modes.Dispose();
            }
        }

        return observations;
    }

    /// <summary>
    /// The storage a tensor lives in: its address and size in bytes. Views (a chunk, a slice) share their base's storage,
    /// and an in-place layer returns its input's. Null for element types TorchSharp exposes no storage of without a copy
    /// (float16, bfloat16 and others): such a tensor is counted on its own, by its elements.
    /// </summary>
    internal static StorageRef? StorageOf(Tensor tensor)
    {
        using var scope = NewDisposeScope();
        Storage? storage = tensor.dtype switch
        {
            ScalarType.Float32 => tensor.storage<float>(),
            ScalarType.Float64 => tensor.storage<double>(),
            ScalarType.Int64 => tensor.storage<long>(),
            ScalarType.Int32 => tensor.storage<int>(),
            ScalarType.Byte => tensor.storage<byte>(),
            ScalarType.Bool => tensor.storage<bool>(),
            _ => null,
        };
        return storage is null ? null : new StorageRef(storage.data_ptr(), checked((long)storage.nbytes()));
    }

    private static void AddHooks(ModuleTree tree, TrainingObservations observations, List<Action> removers)
    {
        for (var i = 0; i < tree.Leaves.Count; i++)
        {
            if (tree.Leaves[i].Module is not nn.Module<Tensor, Tensor> leaf)
            {
                continue;
            }

            var index = i;
            observations.Leaves.Observable[index] = true;
            removers.Add(leaf.register_forward_pre_hook(_ => observations.Leaves.Started(index)).remove);
            removers.Add(leaf.register_forward_hook((_, input, output) =>
            {
                observations.Leaves.Completed(index, input, output);
                observations.Calls.Add(new TrainingCall(
                    index, input.shape, output.shape, input.ElementSize, output.ElementSize,
                    input.requires_grad, output.requires_grad, StorageOf(input), StorageOf(output)));
                return null!; // null keeps the module's output
            }).remove);
        }
    }
}

/// <summary>A storage: its address (identity while it is alive) and its size in bytes.</summary>
internal readonly record struct StorageRef(IntPtr Address, long Bytes);

/// <summary>One call of a leaf during the training walk, in execution order.</summary>
internal sealed record TrainingCall(
    int Leaf,
    long[] InputShape,
    long[] OutputShape,
    long InputElementSize,
    long OutputElementSize,
    bool InputNeedsGradient,
    bool OutputNeedsGradient,
    StorageRef? Input,
    StorageRef? Output);

/// <summary>What the training walk saw.</summary>
internal sealed class TrainingObservations(int leafCount)
{
    /// <summary>Shapes and call counts per leaf, as the statistics walk keeps them (for errors and never-called leaves).</summary>
    public LeafObservations Leaves { get; } = new(leafCount);

    /// <summary>Every call of every leaf, in execution order.</summary>
    public List<TrainingCall> Calls { get; } = [];

    /// <summary>Each parameter's dotted name and whether it is trained.</summary>
    public Dictionary<string, bool> Trainable { get; } = new(StringComparer.Ordinal);

    /// <summary>The storage of the model's input (the batch).</summary>
    public StorageRef? Batch { get; set; }

    /// <summary>The model's input in bytes.</summary>
    public long BatchBytes { get; set; }
}
