using System;
using System.IO;
using System.Linq;

namespace ShuffleNet.Torch.Sample.Tests;

/// <summary>
/// Files of the library's tests: a 10-class checkpoint of a tiny ShuffleNetV2 (tools/make_weight_fixtures.py) and a
/// 400×300 JPEG (tools/make_image_fixtures.py), linked from their test projects.
/// </summary>
internal static class Fixtures
{
    public static readonly int[] TinyRepeats = [1, 2, 1];
    public static readonly long[] TinyChannels = [8, 16, 32, 64, 128];
    public const int TinyClasses = 10;

    public static string TinyWeights { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures", "tiny_zip_seed.pth");

    public static string Image { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures", "rgb_400x300.jpg");

    /// <summary>Parameters of the four widths with 1000 classes (torchvision's <c>num_params</c>).</summary>
    public static readonly long[] WidthParameters = [1_366_792, 2_278_604, 3_503_624, 7_393_996];

    public static long TinyParameters()
    {
        using var model = ShuffleNetV2.Create(TinyRepeats, TinyChannels, TinyClasses);
        return model.parameters().Sum(p => p.numel());
    }
}

/// <summary>A path in a fresh temporary directory, deleted with the directory on dispose.</summary>
public sealed class TemporaryDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("shufflenet-sample-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
