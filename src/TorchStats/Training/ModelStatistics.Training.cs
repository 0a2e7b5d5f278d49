using System;
using System.Collections.Generic;
using static TorchSharp.torch;

namespace TorchStats;

/// <summary>The training costs entry point.</summary>
public static partial class ModelStatistics
{
    /// <summary>
    /// Estimates one training step of <paramref name="model"/>: forward and backward multiply-accumulates per layer as
    /// PyTorch's <c>FlopCounterMode</c> counts them, and the step's memory at its peak (parameters, gradients, optimizer
    /// state, the batch, what the layers keep for backward, the gradients alive during backward). It runs one forward
    /// pass with gradients on random input of shape <paramref name="inputShape"/>, in eval mode (BatchNorm's running
    /// statistics are not updated; the estimate assumes training mode), with the trained set applied to the parameters'
    /// <c>requires_grad</c> for the pass.
    /// </summary>
    /// <param name="model">Any module taking and returning one tensor. It is left as it was: hooks, train/eval flags and <c>requires_grad</c> flags.</param>
    /// <param name="inputShape">
    /// The full input shape, batch first. Its batch only sets the analysis's own cost (the forward pass keeps what a
    /// training step would): <c>[1, 3, 224, 224]</c> with <see cref="TrainingCostOptions.Batch"/> = 64 is the cheap way
    /// to estimate a batch of 64.
    /// </param>
    /// <param name="options">Batch, optimizer, trained parameters, counters, device and input type; defaults when null.</param>
    /// <returns>The costs; <see cref="TrainingCosts.ForBatch"/> and <see cref="TrainingCosts.LargestBatch"/> re-evaluate them for other batches.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> or <paramref name="inputShape"/> is null.</exception>
    /// <exception cref="ArgumentException">The shape is not valid, the input type is not floating-point, or the batch is below 1.</exception>
    /// <exception cref="ObjectDisposedException">The model or one of its modules has been disposed.</exception>
    /// <exception cref="ForwardPassException">The forward pass threw.</exception>
    public static TrainingCosts AnalyzeTraining(nn.Module<Tensor, Tensor> model, IReadOnlyList<long> inputShape, TrainingCostOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputShape);
        var shape = ValidateShape(inputShape);
        options ??= new TrainingCostOptions();
        var inputType = FloatInputType(options.InputType, nameof(options));
        var counters = CountersOf(options.Counters, nameof(options));
        var trainable = options.Trainable ?? throw new ArgumentException("options.Trainable must not be null.", nameof(options));
        (options.Process ?? throw new ArgumentException("options.Process must not be null.", nameof(options))).Validate();
        var batch = options.Batch ?? shape[0];
        if (batch < 1)
        {
            throw new ArgumentException($"options.Batch must be 1 or more, got {batch}.", nameof(options));
        }

        DisposedModules.ThrowIfDisposed(model);
        lock (ModelGate.For(model))
        {
            var tree = ModuleTree.Build(model);
            DisposedModules.ThrowIfAnyDisposed(model, tree);
            var device = options.Device ?? DeviceOf(model);
            var observations = TrainingWalk.Run(model, tree, shape, inputType, device, trainable);
            var profile = TrainingProfileBuilder.Build(model, tree, observations, counters, shape, TypeName(inputType), device, options);
            return new TrainingCosts(profile, batch);
        }
    }
}
