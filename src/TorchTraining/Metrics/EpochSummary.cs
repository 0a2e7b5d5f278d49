namespace TorchTraining.Metrics;

/// <summary>What a finished epoch gives the observer: its record and the full evaluations.</summary>
/// <param name="Record">The epoch's line of the metrics.</param>
/// <param name="Evaluation">The model's evaluation on the test source.</param>
/// <param name="EmaEvaluation">The moving average's evaluation, or null.</param>
/// <param name="IsBest">Whether the epoch has the best test top-1 so far.</param>
/// <param name="CheckpointPath">The checkpoint written after the epoch, or null when there is no output directory.</param>
public sealed record EpochSummary(EpochRecord Record, EvaluationResult Evaluation, EvaluationResult? EmaEvaluation, bool IsBest, string? CheckpointPath);
