using System.Collections.Generic;

namespace TorchTraining.Metrics;

/// <summary>A model's metrics on one pass over an evaluation source. Accuracies are fractions in [0, 1].</summary>
public sealed class EvaluationResult
{
    internal EvaluationResult(long count, double loss, long top1Correct, long topKCorrect, int topK, IReadOnlyList<double> perClassAccuracy, ConfusionMatrix confusion)
    {
        Count = count;
        Loss = loss;
        Top1 = count == 0 ? double.NaN : (double)top1Correct / count;
        TopKAccuracy = count == 0 ? double.NaN : (double)topKCorrect / count;
        TopK = topK;
        PerClassAccuracy = perClassAccuracy;
        Confusion = confusion;
    }

    /// <summary>The number of images evaluated.</summary>
    public long Count { get; }

    /// <summary>The mean loss per image (cross-entropy, with the training's label smoothing).</summary>
    public double Loss { get; }

    /// <summary>The fraction of images whose highest-scoring class is the true class.</summary>
    public double Top1 { get; }

    /// <summary>The fraction of images whose true class is among the <see cref="TopK"/> highest scores (top-5 when there are at least 5 classes).</summary>
    public double TopKAccuracy { get; }

    /// <summary>5, or the number of classes when there are fewer.</summary>
    public int TopK { get; }

    /// <summary>The number of classes (the model's output width).</summary>
    public int ClassCount => Confusion.ClassCount;

    /// <summary>For each class, the fraction of its images predicted correctly (top-1); NaN for a class without images.</summary>
    public IReadOnlyList<double> PerClassAccuracy { get; }

    /// <summary>Top-1 predictions by true class.</summary>
    public ConfusionMatrix Confusion { get; }
}
