using System;
using System.Collections.Generic;
using TorchShared;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchStats;

/// <summary>
/// One forward pass in eval mode without gradients, with a hook pair on every leaf. Hooks are removed and every
/// module's train/eval flag is restored in a <c>finally</c>, also when the forward throws.
/// </summary>
internal static class ForwardWalk
{
    private const ulong InputSeed = 0;

    /// <summary>Runs <paramref name="forward"/> (which calls the model) inside a dispose scope and <c>no_grad</c>.</summary>
    /// <param name="model">The model, for its train/eval flags.</param>
    /// <param name="tree">Its modules.</param>
    /// <param name="forward">Creates or takes the inputs and calls the model; what it allocates is disposed afterwards.</param>
    /// <param name="describeFailure">Turns an exception of the forward pass into the one to throw.</param>
    public static LeafObservations Run(nn.Module model, ModuleTree tree, Action forward, Func<Exception, LeafObservations, Exception> describeFailure)
    {
        var observations = new LeafObservations(tree.Leaves.Count);
        var removers = new List<Action>(tree.Leaves.Count * 2);
        var modes = TrainingModes.SwitchToEval(model);
        try
        {
            AddHooks(tree, observations, removers);
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            try
            {
                forward();
            }
            catch (Exception cause)
            {
                throw describeFailure(cause, observations);
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
                modes.Dispose();
            }
        }

        return observations;
    }

    /// <summary>Uniform random input from a private generator, so the caller's global random state is left alone.</summary>
    public static Tensor CreateInput(long[] shape, ScalarType inputType, Device device)
    {
        using var generator = new Generator(InputSeed);
        var input = rand(shape, ScalarType.Float32, CPU, generator: generator);
        return inputType == ScalarType.Float32 && device.type == DeviceType.CPU ? input : input.to(inputType, device);
    }

    private static void AddHooks(ModuleTree tree, LeafObservations observations, List<Action> removers)
    {
        for (var i = 0; i < tree.Leaves.Count; i++)
        {
            if (tree.Leaves[i].Module is not nn.Module<Tensor, Tensor> leaf)
            {
                continue;
            }

            var index = i;
            observations.Observable[index] = true;
            removers.Add(leaf.register_forward_pre_hook(_ => observations.Started(index)).remove);
            removers.Add(leaf.register_forward_hook((_, input, output) =>
            {
                observations.Completed(index, input, output);
                return null!; // null keeps the module's output
            }).remove);
        }
    }
}
