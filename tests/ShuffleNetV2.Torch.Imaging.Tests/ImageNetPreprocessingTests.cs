using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Imaging.Tests;

/// <summary>
/// Compares with torchvision 0.14 / Pillow 9.4 tensors made by tools/make_image_fixtures.py. The 256×256 PNG must match
/// within 1e-6; for every fixture the measured maximum difference is 0 (identical tensors), so every case asserts
/// equality, as <see cref="ImageNetPreprocessing"/>'s remarks state.
/// </summary>
public sealed class ImageNetPreprocessingTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures");
    private readonly string _temp = Directory.CreateTempSubdirectory("shufflenet-imaging-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Theory]
    [InlineData("rgb_256x256.png", 0.0)]
    [InlineData("rgb_400x300.png", 0.0)]
    [InlineData("rgb_240x320.png", 0.0)]
    [InlineData("rgba_300x300.png", 0.0)]
    [InlineData("gray_260x270.png", 0.0)]
    [InlineData("rgb_400x300.jpg", 0.0)]
    public void Load_FixtureImage_MatchesTorchvisionsTensor(string name, double tolerance)
    {
        using var scope = NewDisposeScope();

        var tensor = ImageNetPreprocessing.Load(Path.Combine(Fixtures, name));

        tensor.shape.Should().Equal(1, 3, 224, 224);
        tensor.dtype.Should().Be(ScalarType.Float32);
        var actual = tensor.data<float>().ToArray();
        var expected = Expected(name);
        var maxDifference = actual.Zip(expected, (a, b) => Math.Abs(a - b)).Max();
        output.WriteLine($"{name}: max |ours - torchvision| = {maxDifference:E2}, differing values {actual.Zip(expected).Count(p => p.First != p.Second)} of {actual.Length}");
        maxDifference.Should().BeLessThanOrEqualTo((float)tolerance);
    }

    [Fact]
    public void LoadBatch_TwoImages_StacksTheSingleImageTensors()
    {
        using var scope = NewDisposeScope();
        var first = Path.Combine(Fixtures, "rgb_400x300.png");
        var second = Path.Combine(Fixtures, "rgb_256x256.png");

        var batch = ImageNetPreprocessing.LoadBatch([first, second]);

        batch.shape.Should().Equal(2, 3, 224, 224);
        batch[0].equal(ImageNetPreprocessing.Load(first)[0]).all().item<bool>().Should().BeTrue();
        batch[1].equal(ImageNetPreprocessing.Load(second)[0]).all().item<bool>().Should().BeTrue();
    }

    [Theory]
    [InlineData(256, 256, 256, 256)]
    [InlineData(400, 300, 341, 256)]
    [InlineData(240, 320, 256, 341)]
    [InlineData(1000, 257, 996, 256)]
    [InlineData(3, 7, 256, 597)]
    public void ResizedSize_LikeTorchvision_ShorterSideTo256AndLongerTruncated(int width, int height, int expectedWidth, int expectedHeight)
    {
        ImageNetPreprocessing.ResizedSize(width, height).Should().Be((expectedWidth, expectedHeight));
    }

    [Fact]
    public void Resize_UniformImage_StaysUniformAtAnyScale()
    {
        var image = new ByteImage(37, 23, 3, Enumerable.Repeat((byte)173, 37 * 23 * 3).ToArray());

        foreach (var (w, h) in new[] { (300, 256), (10, 5), (37, 100) })
        {
            PilBilinearResize.Resize(image, w, h).Pixels.Should().OnlyContain(b => b == 173, $"{w}×{h}");
        }
    }

    [Fact]
    public void Load_MissingFile_ThrowsFileNotFoundNamingIt()
    {
        var path = Path.Combine(_temp, "nowhere.png");

        var act = () => ImageNetPreprocessing.Load(path);

        act.Should().Throw<FileNotFoundException>().WithMessage($"*'{path}' does not exist*");
    }

    [Theory]
    [InlineData("empty.png", 0, "*is empty*")]
    [InlineData("text.jpg", -1, "*is not an image*")]
    [InlineData("half.png", 2, "*cannot be decoded*truncated or damaged*")]
    [InlineData("half.jpg", 2, "*cannot be decoded*truncated or damaged*")]
    [InlineData("header-only.png", 60, "*cannot be decoded*")]
    public void Load_UnreadableFile_ThrowsImageFileExceptionNamingIt(string name, int keptDivisor, string expected)
    {
        var path = Path.Combine(_temp, name);
        var source = File.ReadAllBytes(Path.Combine(Fixtures, name.EndsWith(".png", StringComparison.Ordinal) ? "rgb_400x300.png" : "rgb_400x300.jpg"));
        var content = keptDivisor switch
        {
            0 => [],
            -1 => "not an image at all"u8.ToArray(),
            60 => source[..60],
            _ => source[..(source.Length / keptDivisor)],
        };
        File.WriteAllBytes(path, content);

        var act = () => ImageNetPreprocessing.Load(path);

        act.Should().Throw<ImageFileException>().WithMessage($"*'{path}'*").WithMessage(expected).Which.FilePath.Should().Be(path);
    }

    private static float[] Expected(string name)
    {
        var file = Path.Combine(Fixtures, Path.GetFileNameWithoutExtension(name) + "_" + Path.GetExtension(name)[1..] + ".expected.f32.gz");
        using var gzip = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
        using var bytes = new MemoryStream();
        gzip.CopyTo(bytes);
        var values = new float[3 * 224 * 224];
        Buffer.BlockCopy(bytes.ToArray(), 0, values, 0, values.Length * sizeof(float));
        return values;
    }
}
