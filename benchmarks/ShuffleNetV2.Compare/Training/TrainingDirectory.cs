namespace ShuffleNet.Torch.Compare.Training;

/// <summary>
/// The files of the training comparison in its work directory; benchmarks/compare/pytorch_train_worker.py uses the
/// same names.
/// </summary>
internal sealed class TrainingDirectory(string path)
{
    public string Path { get; } = System.IO.Path.GetFullPath(path);

    /// <summary>The initial weights of a width (10 classes), written by this library in PyTorch's zip format with torchvision's keys; both sides start from them.</summary>
    public string InitialWeights(string width) => File($"initial_{Stem(width)}.pth");

    /// <summary>The weights of one side of a parity run at one point (e.g. "step20", "epoch1"), in the same format.</summary>
    public string ParitySnapshot(string label, string side, string name) => File($"parity_{label}_{side}_{name}.pth");

    /// <summary>The losses, learning rates, checksums and snapshot list of one side of a parity run (JSON).</summary>
    public string ParityResult(string label, string side) => File($"parity_{label}_{side}.json");

    private static string Stem(string width) => ShuffleNetV2Widths.Parse(width).ToString().ToLowerInvariant();

    private string File(string name) => System.IO.Path.Combine(Path, name);
}
