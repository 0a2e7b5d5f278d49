namespace ShuffleNet.Torch.Compare;

/// <summary>
/// The files <c>prepare</c> writes and the workers read, per width (stem "x1_0" for width "1.0"). The Python worker
/// (benchmarks/compare/pytorch_worker.py) uses the same names.
/// </summary>
internal sealed class WorkDirectory(string path)
{
    /// <summary>The one image (1×3×224×224 float32, little endian, C order) every engine classifies to show they hold the same weights.</summary>
    public const int CheckImageSize = 224;

    public string Path { get; } = System.IO.Path.GetFullPath(path);

    /// <summary>torchvision-keyed safetensors, read by this program's TorchSharp engines.</summary>
    public string Safetensors(string width) => File($"{Stem(width)}.safetensors");

    /// <summary>The same state dict as a <c>torch.save</c> zip file, for PyTorch eager and PyTorch's ONNX export.</summary>
    public string PyTorchStateDict(string width) => File($"{Stem(width)}.pth");

    /// <summary>This library's ONNX export (<c>ExportToOnnx</c>).</summary>
    public string OurOnnx(string width) => File($"{Stem(width)}.torchsharp.onnx");

    /// <summary>PyTorch's own ONNX export of torchvision's model (tools/export_torchvision_onnx.py).</summary>
    public string PyTorchOnnx(string width) => File($"{Stem(width)}.pytorch.onnx");

    public string CheckInput => File("check_input.f32");

    private static string Stem(string width) => ShuffleNetV2Widths.Parse(width).ToString().ToLowerInvariant();

    private string File(string name) => System.IO.Path.Combine(Path, name);
}
