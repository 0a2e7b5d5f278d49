using System;
using System.Collections.Generic;
using TorchTraining.Metrics;

namespace TorchTraining.Tests.Support;

/// <summary>Keeps what the trainer reports, and can act on a given step (e.g. cancel).</summary>
internal sealed class RecordingObserver : ITrainingObserver
{
    public List<TrainingProgress> Steps { get; } = [];

    public List<EvaluationProgress> EvaluationSteps { get; } = [];

    public List<EpochSummary> Epochs { get; } = [];

    public Action<TrainingProgress>? AfterStep { get; set; }

    public Action<EvaluationProgress>? AfterEvaluationStep { get; set; }

    public Action<EpochSummary>? AfterEpoch { get; set; }

    public void OnStep(in TrainingProgress progress)
    {
        Steps.Add(progress);
        AfterStep?.Invoke(progress);
    }

    public void OnEvaluationStep(in EvaluationProgress progress)
    {
        EvaluationSteps.Add(progress);
        AfterEvaluationStep?.Invoke(progress);
    }

    public void OnEpochCompleted(EpochSummary summary)
    {
        Epochs.Add(summary);
        AfterEpoch?.Invoke(summary);
    }
}
