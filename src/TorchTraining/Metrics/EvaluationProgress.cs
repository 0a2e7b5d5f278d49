namespace TorchTraining.Metrics;

/// <summary>Where an evaluation pass is: after batch <see cref="Batch"/> of <see cref="BatchCount"/>.</summary>
/// <param name="Epoch">The training epoch being evaluated (0-based).</param>
/// <param name="Batch">Batches evaluated so far (1-based after the first).</param>
/// <param name="BatchCount">Batches in the pass.</param>
/// <param name="IsEma">Whether the moving average of the weights is being evaluated (otherwise the model's own weights).</param>
public readonly record struct EvaluationProgress(int Epoch, int Batch, int BatchCount, bool IsEma);
