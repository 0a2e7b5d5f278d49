using System;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace TorchTraining.Loading;

/// <summary>
/// Worker threads that make the batches of one epoch ahead of the consumer, at most <c>capacity</c> batches claimed but
/// not yet taken: a worker takes a free place before it claims the next batch number, the consumer gives the place back
/// when it takes a batch. Batch k lives in slot k mod capacity, so batches come out in order whatever thread made them.
/// Disposing stops the workers, waits for them and returns every untaken buffer.
/// </summary>
internal sealed class BackgroundBatches : IDisposable
{
    private readonly BatchProducer _producer;
    private readonly int _batchCount;
    private readonly Slot[] _slots;
    private readonly SemaphoreSlim _freePlaces;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread[] _threads;
    private readonly Action<int> _onWorkerCountChange;
    private int _lastClaimed = -1;

    public BackgroundBatches(BatchProducer producer, int batchCount, int workers, int capacity, Action<int> onWorkerCountChange)
    {
        _producer = producer;
        _batchCount = batchCount;
        _onWorkerCountChange = onWorkerCountChange;
        _slots = new Slot[capacity];
        for (var i = 0; i < capacity; i++)
        {
            _slots[i] = new Slot();
        }

        _freePlaces = new SemaphoreSlim(capacity, capacity);
        _threads = new Thread[Math.Min(workers, batchCount)];
        for (var i = 0; i < _threads.Length; i++)
        {
            _threads[i] = new Thread(Work) { IsBackground = true, Name = $"TorchTraining data loader {i}" };
        }

        foreach (var thread in _threads)
        {
            _onWorkerCountChange(+1);
            thread.Start();
        }
    }

    /// <summary>Waits for batch <paramref name="batch"/> (taken in order 0, 1, ...) and hands it over; rethrows a worker's exception.</summary>
    public BatchData Take(int batch, CancellationToken cancellationToken)
    {
        var slot = _slots[batch % _slots.Length];
        slot.Ready.Wait(cancellationToken);
        var (data, error) = slot.Empty();
        _freePlaces.Release();
        error?.Throw();
        return data!;
    }

    public void Dispose()
    {
        _stop.Cancel();
        foreach (var thread in _threads)
        {
            thread.Join();
        }

        foreach (var slot in _slots)
        {
            slot.Empty().Data?.Release();
            slot.Ready.Dispose();
        }

        _freePlaces.Dispose();
        _stop.Dispose();
    }

    private void Work()
    {
        try
        {
            while (true)
            {
                try
                {
                    _freePlaces.Wait(_stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                var batch = Interlocked.Increment(ref _lastClaimed);
                if (batch >= _batchCount)
                {
                    return;
                }

                var slot = _slots[batch % _slots.Length];
                try
                {
                    slot.Fill(_producer.Produce(batch, _stop.Token), null);
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    // Any failure of a batch goes to the consumer, which rethrows it when that batch is due.
                    slot.Fill(null, ExceptionDispatchInfo.Capture(e));
                }
            }
        }
        finally
        {
            _onWorkerCountChange(-1);
        }
    }

    private sealed class Slot
    {
        private BatchData? _data;
        private ExceptionDispatchInfo? _error;

        public ManualResetEventSlim Ready { get; } = new(false);

        public void Fill(BatchData? data, ExceptionDispatchInfo? error)
        {
            _data = data;
            _error = error;
            Ready.Set();
        }

        public (BatchData? Data, ExceptionDispatchInfo? Error) Empty()
        {
            var content = (_data, _error);
            _data = null;
            _error = null;
            Ready.Reset();
            return content;
        }
    }
}
