using Xunit;

// Training tests share TorchSharp's global thread count and random state, and two CPU cores: one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
