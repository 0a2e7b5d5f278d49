namespace ShuffleNet.Torch.Compare.Engines;

/// <summary>What every engine of one run shares.</summary>
/// <param name="Threads">Intra-op threads: <c>torch.set_num_threads</c> for TorchSharp, <c>intraOpThreads</c> for ONNX Runtime.</param>
/// <param name="OrtSpinning">Whether ONNX Runtime's intra-op threads spin-wait after each run (its default).</param>
internal sealed record EngineSettings(int Threads, bool OrtSpinning);
