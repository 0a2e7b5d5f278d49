using System;
using System.Collections.Generic;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Onnx.Quantization.Calibration;

/// <summary>
/// Runs a network in eval mode without gradients and hands every watched activation to a callback while the forward
/// pass is under way, through forward hooks (they fire because every layer is invoked with <c>call</c>). The callback
/// must copy out what it needs: the layers dispose their intermediate tensors. Hooks are removed afterwards, also when
/// the forward pass throws.
/// </summary>
internal static class ForwardObservation
{
    /// <summary>Runs <paramref name="model"/> on each batch, each in its own dispose scope.</summary>
    /// <param name="model">The network.</param>
    /// <param name="points">The activations to hand to <paramref name="observe"/>.</param>
    /// <param name="batches">The inputs.</param>
    /// <param name="maxBatches">The number of batches to run at most; <see langword="null"/> for all.</param>
    /// <param name="batchesName">The caller's name for <paramref name="batches"/>, for error messages.</param>
    /// <param name="observe">Called with each watched activation.</param>
    /// <returns>The number of batches run and the number of images in them.</returns>
    /// <exception cref="ArgumentException">A batch is null or the network refuses it (the message says which batch and why).</exception>
    public static (int Batches, long Images) Run(nn.Module<Tensor, Tensor> model, IReadOnlyList<ObservationPoint> points, IEnumerable<Tensor> batches, int? maxBatches, string batchesName, Action<ObservationPoint, Tensor> observe)
    {
        var removers = new List<Action>(points.Count);
        var batchCount = 0;
        var imageCount = 0L;

        // What the observer refuses is about the batch, not about the network.
        void Observe(ObservationPoint point, Tensor value)
        {
            try
            {
                observe(point, value);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"Batch {batchCount} of {batchesName}: {e.Message}", batchesName, e);
            }
        }

        try
        {
            foreach (var point in points)
            {
                var watched = point;
                if (point.Input)
                {
                    var handle = point.Module.register_forward_pre_hook((_, input) =>
                    {
                        Observe(watched, input);
                        return null!;
                    });
                    removers.Add(handle.remove);
                }
                else
                {
                    var handle = point.Module.register_forward_hook((_, _, output) =>
                    {
                        Observe(watched, output);
                        return null!;
                    });
                    removers.Add(handle.remove);
                }
            }

            using var noGrad = no_grad();
            foreach (var batch in batches)
            {
                if (batch is null)
                {
                    throw new ArgumentException($"Batch {batchCount} of {batchesName} is null.", batchesName);
                }

                using (NewDisposeScope())
                {
                    try
                    {
                        model.call(batch);
                        imageCount += batch.shape[0];
                    }
                    catch (ArgumentException e) when (e.ParamName != batchesName)
                    {
                        throw new ArgumentException($"Batch {batchCount} of {batchesName} cannot go through the network: {e.Message}", batchesName, e);
                    }
                }

                // Stop before asking the sequence for a batch that would not be used.
                if (++batchCount == maxBatches)
                {
                    break;
                }
            }
        }
        finally
        {
            foreach (var remove in removers)
            {
                remove();
            }
        }

        return (batchCount, imageCount);
    }
}
