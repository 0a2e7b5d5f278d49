using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using FluentAssertions;
using TorchCheckpoints.Hub;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace TorchImaging.Tests;

/// <summary>
/// Compares with torchvision 0.14 / Pillow 9.4 tensors made by tools/make_image_fixtures.py: the classic transform
/// (resize 256) and the evaluation transform of torchvision's 1.5× and 2.0× weights (ImageClassification(crop_size=224,
/// resize_size=232), taken from torchvision's weights enum). For every fixture the measured maximum difference is 0
/// (identical tensors), so every case asserts equality, as <see cref="ImageNetPreprocessing"/>'s remarks state.
/// </summary>
public sealed class ImageNetPreprocessingTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures");
    private static readonly ImageClassificationTransform Resize232 = new(cropSize: 224, resizeSize: 232);
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
        MaxDifference(tensor, Expected(name), name).Should().BeLessThanOrEqualTo((float)tolerance);
    }

    [Theory]
    [InlineData("rgb_256x256.png")]
    [InlineData("rgb_400x300.png")]
    [InlineData("rgb_240x320.png")]
    [InlineData("rgba_300x300.png")]
    [InlineData("gray_260x270.png")]
    [InlineData("rgb_400x300.jpg")]
    public void Load_TransformResizing232_MatchesTorchvisionsTensorExactly(string name)
    {
        using var scope = NewDisposeScope();

        var tensor = ImageNetPreprocessing.Load(Path.Combine(Fixtures, name), Resize232);

        tensor.shape.Should().Equal(1, 3, 224, 224);
        MaxDifference(tensor, Expected(name, "resize232"), name + " at 232").Should().Be(0f);
    }

    [Fact]
    public void Load_Resize232_DiffersFromTheDefaultsTensor()
    {
        // Proves the 232 comparison can fail: the 256 tensor is far from torchvision's 232 one.
        using var scope = NewDisposeScope();

        var tensor = ImageNetPreprocessing.Load(Path.Combine(Fixtures, "rgb_400x300.png"));

        MaxDifference(tensor, Expected("rgb_400x300.png", "resize232"), "256 against 232").Should().BeGreaterThan(0.1f);
    }

    [Fact]
    public void Load_DefaultTransformGivenExplicitly_SameTensorAsWithout()
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(Fixtures, "rgb_240x320.png");

        var explicitly = ImageNetPreprocessing.Load(path, ImageNetPreprocessing.DefaultTransform);

        explicitly.equal(ImageNetPreprocessing.Load(path)).all().item<bool>().Should().BeTrue();
    }

    [Fact]
    public void DefaultTransform_IsTorchvisionsImageClassificationAt224_WithTheClassConstants()
    {
        var transform = ImageNetPreprocessing.DefaultTransform;

        transform.ResizeSize.Should().Be(ImageNetPreprocessing.ResizeSize).And.Be(256);
        transform.CropHeight.Should().Be(ImageNetPreprocessing.CropSize).And.Be(224);
        transform.CropWidth.Should().Be(ImageNetPreprocessing.CropSize);
        transform.Interpolation.Should().Be(InterpolationMode.Bilinear);
        ImageNetPreprocessing.Mean.Should().Equal(0.485f, 0.456f, 0.406f).And.Equal(transform.Mean);
        ImageNetPreprocessing.Std.Should().Equal(0.229f, 0.224f, 0.225f).And.Equal(transform.Std);
    }

    [Fact]
    public void Load_OtherCropMeanAndStd_CropsThatSizeAndNormalisesWithThem()
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(Fixtures, "rgb_400x300.png");
        var transform = new ImageClassificationTransform(cropSize: 100, resizeSize: 120, mean: [0f, 0.5f, 1f], std: [1f, 0.5f, 0.25f]);

        var tensor = ImageNetPreprocessing.Load(path, transform);

        tensor.shape.Should().Equal(1, 3, 100, 100);
        // 400×300 -> 160×120, crop at (30, 10): the same pixels through the public primitives.
        var cropped = PilBilinearResize.ResizeCrop(PilBilinearResize.Resize(ImageDecoder.Decode(path), 160, 120), 30, 10, 100, 100, 100, 100);
        var expected = Enumerable.Range(0, 3 * 100 * 100).Select(i =>
        {
            var (c, p) = (i / 10000, i % 10000);
            return ((cropped.Pixels[(p * 3) + c] / 255f) - transform.Mean[c]) / transform.Std[c];
        }).ToArray();
        MaxDifference(tensor, expected, "crop 100 of 120").Should().Be(0f);
    }

    [Fact]
    public void LoadBatch_WithTransform_StacksTheSingleImageTensors()
    {
        using var scope = NewDisposeScope();
        var first = Path.Combine(Fixtures, "rgb_240x320.png");
        var second = Path.Combine(Fixtures, "gray_260x270.png");

        var batch = ImageNetPreprocessing.LoadBatch([first, second], Resize232);

        batch.shape.Should().Equal(2, 3, 224, 224);
        batch[0].equal(ImageNetPreprocessing.Load(first, Resize232)[0]).all().item<bool>().Should().BeTrue();
        batch[1].equal(ImageNetPreprocessing.Load(second, Resize232)[0]).all().item<bool>().Should().BeTrue();
    }

    [Theory]
    [InlineData(InterpolationMode.Bicubic)]
    [InlineData(InterpolationMode.Nearest)]
    public void Load_TransformNotBilinear_ThrowsArgumentExceptionNamingTheMode(InterpolationMode mode)
    {
        var transform = new ImageClassificationTransform(cropSize: 224, interpolation: mode);

        var act = () => ImageNetPreprocessing.Load(Path.Combine(Fixtures, "rgb_256x256.png"), transform);

        act.Should().Throw<ArgumentException>().WithParameterName("transform").WithMessage($"*{mode}*bilinear*");
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
        ImageNetPreprocessing.ResizedSize(width, height, 256).Should().Be((expectedWidth, expectedHeight));
    }

    [Theory]
    [InlineData(256, 256, 232, 232)]
    [InlineData(400, 300, 309, 232)]
    [InlineData(240, 320, 232, 309)]
    [InlineData(260, 270, 232, 240)]
    [InlineData(3, 7, 232, 541)]
    public void ResizedSize_232_ShorterSideTo232AndLongerTruncated(int width, int height, int expectedWidth, int expectedHeight)
    {
        ImageNetPreprocessing.ResizedSize(width, height, 232).Should().Be((expectedWidth, expectedHeight));
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

    private float MaxDifference(Tensor tensor, float[] expected, string what)
    {
        var actual = tensor.data<float>().ToArray();
        actual.Should().HaveCount(expected.Length);
        var maxDifference = actual.Zip(expected, (a, b) => Math.Abs(a - b)).Max();
        output.WriteLine($"{what}: max |ours - torchvision| = {maxDifference:E2}, differing values {actual.Zip(expected).Count(p => p.First != p.Second)} of {actual.Length}");
        return maxDifference;
    }

    private static float[] Expected(string name, string? variant = null)
    {
        var stem = Path.GetFileNameWithoutExtension(name) + "_" + Path.GetExtension(name)[1..];
        var file = Path.Combine(Fixtures, stem + (variant is null ? string.Empty : "." + variant) + ".expected.f32.gz");
        using var gzip = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
        using var bytes = new MemoryStream();
        gzip.CopyTo(bytes);
        var values = new float[3 * 224 * 224];
        Buffer.BlockCopy(bytes.ToArray(), 0, values, 0, values.Length * sizeof(float));
        return values;
    }
}
