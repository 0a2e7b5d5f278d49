namespace TorchTraining.Checkpoints;

/// <summary>The entries of a checkpoint archive.</summary>
internal static class CheckpointEntries
{
    public const string Manifest = "checkpoint.json";
    public const string Model = "model.bin";
    public const string Optimizer = "optimizer.bin";
    public const string Ema = "ema.bin";
    public const string Rng = "rng.bin";
    public const string Card = "model.json";

    /// <summary>The key of torch's CPU generator state in <see cref="Rng"/>.</summary>
    public const string CpuGenerator = "torch.cpu";
}
