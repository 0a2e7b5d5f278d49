using TorchTraining.Datasets;
using TorchTraining.Metrics;

namespace ShuffleNet.Torch.Classifier;

/// <summary>What <c>ShuffleNetV2Classifier.Evaluate</c> measured.</summary>
/// <param name="Data">The data: its folder, layout, test split and classes.</param>
/// <param name="Result">Top-1, top-5, loss, per-class accuracy and the confusion matrix.</param>
/// <param name="ClassNamesMatch">Whether the model's class names (if it has any) are the data's; labels are matched by index either way.</param>
public sealed record ClassifierEvaluation(ImageData Data, EvaluationResult Result, bool ClassNamesMatch);
