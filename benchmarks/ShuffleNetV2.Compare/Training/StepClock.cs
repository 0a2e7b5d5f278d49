using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using TorchTraining;

namespace ShuffleNet.Torch.Compare.Training;

/// <summary>Records when each training step ends and cancels the run after a given number of steps.</summary>
internal sealed class StepClock : ITrainingObserver
{
    private readonly List<long> _ends = [];
    private CancellationTokenSource? _stop;
    private int _remaining;

    public IReadOnlyList<long> Ends => _ends;

    /// <summary>Starts a block: the run is cancelled once <paramref name="steps"/> more steps have ended.</summary>
    public void Start(int steps, CancellationTokenSource stop)
    {
        _ends.Clear();
        _remaining = steps;
        _stop = stop;
    }

    public void OnStep(in TrainingProgress progress)
    {
        _ends.Add(Stopwatch.GetTimestamp());
        if (--_remaining <= 0)
        {
            _stop?.Cancel();
        }
    }
}
