using static TorchSharp.torch;

namespace ShuffleNet.Torch.Benchmarks;

/// <summary>The conditions every measurement shares: CPU, a fixed intra-op thread count, eval mode, no autograd.</summary>
internal static class BenchmarkSettings
{
    /// <summary>Threads inside one operator, for TorchSharp (<c>set_num_threads</c>) and ONNX Runtime (intra-op threads) alike.</summary>
    public const int Threads = 2;

    /// <summary>Height and width of the input images.</summary>
    public const int ImageSize = 224;

    public static void Apply()
    {
        set_num_threads(Threads);
    }
}
