using System;
using TorchShared;
using static TorchSharp.torch;

namespace TorchTraining.Metrics;

/// <summary>
/// Sums the counts behind <see cref="EvaluationResult"/> batch by batch, on the logits' device: a confusion matrix
/// (top-1) and the top-k hits. The class count is the logits' width, fixed by the first batch.
/// </summary>
internal sealed class MetricsAccumulator : IDisposable
{
    private const int MaxTopK = 5;
    private Tensor? _confusion;
    private Tensor? _topKHits;
    private int _classes;
    private double _lossSum;
    private long _count;

    /// <summary>Adds a batch: <paramref name="logits"/> [n, classes], <paramref name="labels"/> [n], and the batch's mean loss.</summary>
    public void Add(Tensor logits, Tensor labels, double meanLoss)
    {
        if (logits.dim() != 2 || labels.dim() != 1 || logits.shape[0] != labels.shape[0])
        {
            throw new ArgumentException($"Expected logits [n, classes] and labels [n], got logits {ShapeText.Format(logits.shape)} and labels {ShapeText.Format(labels.shape)}.", nameof(logits));
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var classes = (int)logits.shape[1];
        if (_confusion is null)
        {
            _classes = classes;
            _confusion = zeros(classes * (long)classes, ScalarType.Int64, logits.device).DetachFromDisposeScope();
            _topKHits = zeros(1, ScalarType.Int64, logits.device).DetachFromDisposeScope();
        }
        else if (classes != _classes)
        {
            throw new ArgumentException($"The logits have {classes} classes but earlier batches had {_classes}.", nameof(logits));
        }

        var target = labels.to(logits.device);
        var k = Math.Min(MaxTopK, classes);
        var (_, top) = logits.topk(k, dim: 1);
        _topKHits!.add_(top.eq(target.unsqueeze(1)).any(1).sum());
        _confusion.add_((target * classes).add_(top.select(1, 0)).bincount(null, classes * (long)classes));
        _lossSum += meanLoss * labels.shape[0];
        _count += labels.shape[0];
    }

    /// <summary>Throws when a label is outside [0, classes) of <paramref name="logits"/> [n, classes].</summary>
    public static void CheckLabels(Tensor logits, Tensor labels)
    {
        using var scope = NewDisposeScope();
        var classes = logits.shape[^1];
        if ((labels.lt(0) | labels.ge(classes)).any().item<bool>())
        {
            throw new ArgumentException($"A label is outside [0, {classes}) (labels from {labels.min().item<long>()} to {labels.max().item<long>()}) for a model with {classes} classes.", nameof(labels));
        }
    }

    public EvaluationResult Result()
    {
        using var scope = NewDisposeScope();
        var classes = _classes;
        var counts = _confusion is null ? [] : _confusion.cpu().data<long>().ToArray();
        var topKHits = _topKHits is null ? 0 : _topKHits.cpu().item<long>();
        long top1 = 0;
        var perClass = new double[classes];
        for (var c = 0; c < classes; c++)
        {
            long row = 0;
            for (var p = 0; p < classes; p++)
            {
                row += counts[(c * classes) + p];
            }

            top1 += counts[(c * classes) + c];
            perClass[c] = row == 0 ? double.NaN : (double)counts[(c * classes) + c] / row;
        }

        var loss = _count == 0 ? double.NaN : _lossSum / _count;
        return new EvaluationResult(_count, loss, top1, topKHits, Math.Min(MaxTopK, classes), perClass, new ConfusionMatrix(classes, counts));
    }

    public void Dispose()
    {
        _confusion?.Dispose();
        _topKHits?.Dispose();
    }
}
