using TorchTraining.Metrics;

namespace TorchTraining;

/// <summary>
/// Receives the trainer's progress, on the training thread: keep each call short (a display should redraw at its own
/// pace, not on every step). Every method does nothing unless implemented.
/// </summary>
public interface ITrainingObserver
{
    /// <summary>After every training step.</summary>
    void OnStep(in TrainingProgress progress)
    {
    }

    /// <summary>After every batch of an evaluation (the model's, then the moving average's).</summary>
    void OnEvaluationStep(in EvaluationProgress progress)
    {
    }

    /// <summary>After an epoch's evaluation and checkpoint.</summary>
    void OnEpochCompleted(EpochSummary summary)
    {
    }
}
