using System;
using TorchTraining.Runs;
using TorchTraining.Tests.Support;

namespace TorchTraining.Tests.Runs;

/// <summary>One finished run of a <see cref="SmallNet"/> (one epoch on the Fashion subset at 16×16), shared by the tests that read it.</summary>
public sealed class FinishedRun : IDisposable
{
    private readonly TempFolder _root = new();

    public FinishedRun()
    {
        Factory = new SmallNetFactory();
        Observer = new RecordingObserver();
        Run = TrainingRun.Prepare(RunData.Options(_root.File("run")), Factory);
        Result = Run.Run(Observer);
    }

    public string Folder => Result.OutputFolder;

    internal SmallNetFactory Factory { get; }

    internal RecordingObserver Observer { get; }

    internal TrainingRun Run { get; }

    internal TrainingRunResult Result { get; }

    public void Dispose() => _root.Dispose();
}
