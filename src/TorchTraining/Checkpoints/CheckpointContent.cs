using System.Collections.Generic;
using static TorchSharp.torch;

namespace TorchTraining.Checkpoints;

/// <summary>What one checkpoint holds, ready to write: the manifest and the tensor entries (not owned).</summary>
internal sealed record CheckpointContent(
    CheckpointManifest Manifest,
    IReadOnlyDictionary<string, Tensor> Model,
    IReadOnlyDictionary<string, Tensor> Optimizer,
    IReadOnlyDictionary<string, Tensor>? Ema,
    IReadOnlyDictionary<string, Tensor> Rng,
    TorchCheckpoints.ModelCard? Card);
