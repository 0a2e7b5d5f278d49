namespace ShuffleNet.Torch.Classifier;

/// <summary>What a classifier was loaded from.</summary>
public enum ClassifierSourceKind
{
    /// <summary>A training run's folder: its model card and final weights (or its last checkpoint, if the run did not finish).</summary>
    RunFolder,

    /// <summary>A weights file (PyTorch, safetensors, TorchSharp), with the card beside it or the registry entry it is, if any.</summary>
    WeightsFile,

    /// <summary>A training checkpoint (<c>last.ckpt</c>, <c>best.ckpt</c>), which holds its card.</summary>
    TrainingCheckpoint,

    /// <summary>An ONNX file, with the card in its metadata, if any.</summary>
    OnnxFile,

    /// <summary>A network given in memory (<see cref="ShuffleNetV2Classifier.FromModel"/>).</summary>
    InMemory,

    /// <summary>torchvision's published weights through the registry (downloaded into torch.hub's cache).</summary>
    Registry,

    /// <summary>A freshly initialised network (<see cref="ModelReference.Untrained"/>): random weights, no card.</summary>
    Untrained,
}
