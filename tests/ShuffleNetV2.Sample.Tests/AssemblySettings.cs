using Xunit;

// The runs share TorchSharp's global thread count (--threads) and two CPU cores: one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
