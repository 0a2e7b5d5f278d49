using System;

namespace ShuffleNet.Torch.Sample;

/// <summary>A mistake in the arguments found only while running (e.g. --top above the model's class count): exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
