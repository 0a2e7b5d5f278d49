using System;
using System.Threading;
using TorchShared;
using TorchTraining.Loading;
using TorchTraining.Step;
using static TorchSharp.torch;

namespace TorchTraining.Metrics;

/// <summary>Evaluates a classifier on a batch source: eval mode, no gradients, every module's mode restored afterwards.</summary>
public static class Evaluator
{
    /// <summary>One pass over <paramref name="source"/>: loss, top-1, top-5, per-class accuracy and the confusion matrix.</summary>
    /// <param name="model">Any classifier returning logits [n, classes]; batches move to the device of its parameters.</param>
    /// <param name="source">The evaluation images (usually unshuffled); the pass takes its batches of <paramref name="epoch"/>.</param>
    /// <param name="labelSmoothing">The label smoothing of the loss (as the training's criterion; the accuracies do not depend on it).</param>
    /// <param name="epoch">Passed to the source, and reported in the progress.</param>
    /// <param name="progress">Called after every batch; may be null.</param>
    /// <param name="cancellationToken">Stops the pass between batches with <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="ArgumentException">The logits are not [n, classes] or a label is out of range.</exception>
    public static EvaluationResult Evaluate(nn.Module<Tensor, Tensor> model, IBatchSource source, double labelSmoothing = 0.0, int epoch = 0,
        Action<EvaluationProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Run(model, source, labelSmoothing, epoch, isEma: false, progress, cancellationToken);

    /// <summary>The pass of <see cref="Evaluate"/>; <paramref name="channelsLast"/> hands the model channels-last batches (<see cref="TrainingOptions.ChannelsLast"/>).</summary>
    internal static EvaluationResult Run(nn.Module<Tensor, Tensor> model, IBatchSource source, double labelSmoothing, int epoch, bool isEma,
        Action<EvaluationProgress>? progress, CancellationToken cancellationToken, bool channelsLast = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(source);
        OptionGuard.Require(labelSmoothing >= 0 && labelSmoothing <= 1, "labelSmoothing", "in [0, 1]", labelSmoothing);
        var device = ModelState.DeviceOf(model);
        var batchCount = source.BatchCount;
        using var accumulator = new MetricsAccumulator();
        using (TrainingModes.SwitchToEval(model))
        using (no_grad())
        {
            var done = 0;
            foreach (var batch in source.GetBatches(epoch, cancellationToken))
            {
                using (batch)
                using (NewDisposeScope())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var labels = batch.Labels.to(device);
                    var images = batch.Images.to(device);
                    var logits = model.call(channelsLast ? ChannelsLast.From(images) : images);
                    MetricsAccumulator.CheckLabels(logits, labels);
                    using var loss = nn.functional.cross_entropy(logits, labels, label_smoothing: labelSmoothing);
                    accumulator.Add(logits, labels, LossValue.Read(loss));
                }

                done++;
                progress?.Invoke(new EvaluationProgress(epoch, done, batchCount, isEma));
            }
        }

        return accumulator.Result();
    }
}
