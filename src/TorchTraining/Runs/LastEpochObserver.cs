using TorchTraining.Metrics;

namespace TorchTraining.Runs;

/// <summary>Passes the trainer's progress on to the caller's observer and keeps the last epoch's summary (its evaluation is the run's final one).</summary>
internal sealed class LastEpochObserver(ITrainingObserver? inner) : ITrainingObserver
{
    public EpochSummary? Last { get; private set; }

    public void OnStep(in TrainingProgress progress) => inner?.OnStep(progress);

    public void OnEvaluationStep(in EvaluationProgress progress) => inner?.OnEvaluationStep(progress);

    public void OnEpochCompleted(EpochSummary summary)
    {
        Last = summary;
        inner?.OnEpochCompleted(summary);
    }
}
