using System;
using System.IO;

namespace ShuffleNet.Torch.Onnx.Tests;

/// <summary>A unique path in the temp directory, deleted on dispose.</summary>
public sealed class TemporaryFile : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"shufflenet-onnx-{Guid.NewGuid():N}.onnx");

    public void Dispose() => File.Delete(Path);
}
