using static TorchSharp.torch;

namespace ShuffleNet.Torch.Benchmarks;

/// <summary>The conditions every measurement shares: CPU, a fixed intra-op thread count, eval mode, no autograd.</summary>
internal static class BenchmarkSettings
{
    public const int Threads = 2;

    public static void Apply()
    {
        set_num_threads(Threads);
    }
}
