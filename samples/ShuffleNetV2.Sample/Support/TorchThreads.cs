using System;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Sample;

/// <summary>Sets TorchSharp's CPU thread count for a run and puts the previous count back afterwards.</summary>
internal sealed class TorchThreads : IDisposable
{
    private readonly int _previous;

    private TorchThreads(int threads)
    {
        _previous = get_num_threads();
        set_num_threads(threads);
    }

    /// <summary>Null leaves TorchSharp's default (one thread per core).</summary>
    public static IDisposable? Use(int? threads) => threads is { } n ? new TorchThreads(n) : null;

    public void Dispose() => set_num_threads(_previous);
}
