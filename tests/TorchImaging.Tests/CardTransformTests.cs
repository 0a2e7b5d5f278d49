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
/// Any evaluation transform a model card can hold — a non-square crop, no resize, one channel, an image smaller than the
/// crop — against torchvision 0.14's tensors made by tools/make_image_fixtures.py (CARD_CASES, listed here again).
/// </summary>
public sealed class CardTransformTests(ITestOutputHelper output)
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures");
    private static readonly float[] ImageNetMean = [0.485f, 0.456f, 0.406f];
    private static readonly float[] ImageNetStd = [0.229f, 0.224f, 0.225f];

    public static TheoryData<string, string, int?, int, int, float[], float[]> Cases => new()
    {
        { "crop48x40_resize64", "rgb_400x300.png", 64, 48, 40, ImageNetMean, ImageNetStd },
        { "crop40x56_resize60", "rgb_240x320.png", 60, 40, 56, ImageNetMean, ImageNetStd },
        { "crop200x150_noresize", "rgb_240x320.png", null, 200, 150, [0.5f, 0.4f, 0.3f], [0.2f, 0.25f, 0.3f] },
        { "grey_crop64_resize72", "rgb_400x300.png", 72, 64, 64, [0.5f], [0.25f] },
        { "grey_crop64_resize72", "gray_260x270.png", 72, 64, 64, [0.5f], [0.25f] },
        { "grey_crop64_resize72", "rgba_300x300.png", 72, 64, 64, [0.5f], [0.25f] },
        { "pad40x56_noresize", "rgb_45x31.png", null, 40, 56, ImageNetMean, ImageNetStd },
        { "pad20x50_noresize", "rgb_45x31.png", null, 20, 50, ImageNetMean, ImageNetStd },
        { "grey_pad33x30_noresize", "gray_29x23.png", null, 33, 30, [0.286f], [0.353f] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Load_CardTransform_MatchesTorchvisionsTensorExactly(string variant, string image, int? resize, int height, int width, float[] mean, float[] std)
    {
        using var scope = NewDisposeScope();
        var transform = new ImageClassificationTransform(height, width, resize, mean, std);

        var tensor = ImageNetPreprocessing.Load(Path.Combine(Fixtures, image), transform);

        tensor.shape.Should().Equal(1, mean.Length, height, width);
        var actual = tensor.data<float>().ToArray();
        var expected = Expected(image, variant);
        actual.Should().HaveCount(expected.Length);
        var differing = actual.Zip(expected).Count(p => p.First != p.Second);
        output.WriteLine($"{image} {variant}: {differing} of {actual.Length} values differ, max {actual.Zip(expected, (a, b) => Math.Abs(a - b)).Max():E2}");
        differing.Should().Be(0);
    }

    [Fact]
    public void Load_ImageSmallerThanTheCrop_PadsWithZeroPixelsAsTorchvision()
    {
        // 45×31 into 56×40: (40 - 31) // 2 = 4 rows above, 5 below; (56 - 45) // 2 = 5 columns left, 6 right.
        using var scope = NewDisposeScope();
        var transform = new ImageClassificationTransform(40, 56, null, [0f, 0f, 0f], [1f, 1f, 1f]);

        var tensor = ImageNetPreprocessing.Load(Path.Combine(Fixtures, "rgb_45x31.png"), transform)[0];

        tensor[.., ..4, ..].abs().max().item<float>().Should().Be(0f);
        tensor[.., 35.., ..].abs().max().item<float>().Should().Be(0f);
        tensor[.., .., ..5].abs().max().item<float>().Should().Be(0f);
        tensor[.., .., 50..].abs().max().item<float>().Should().Be(0f);
        tensor[.., 4..35, 5..50].sum().item<float>().Should().BeGreaterThan(0f);
    }

    [Fact]
    public void LoadBatch_OneChannelTransform_GivesOneChannelPerImage()
    {
        using var scope = NewDisposeScope();
        var transform = new ImageClassificationTransform(64, 64, 72, [0.5f], [0.25f]);
        var first = Path.Combine(Fixtures, "rgb_400x300.png");
        var second = Path.Combine(Fixtures, "gray_260x270.png");

        var batch = ImageNetPreprocessing.LoadBatch([first, second], transform);

        batch.shape.Should().Equal(2, 1, 64, 64);
        batch[1].data<float>().ToArray().Should().Equal(Expected("gray_260x270.png", "grey_crop64_resize72"));
    }

    [Fact]
    public void ResizeAndCrop_NonSquare_IsTheCropOfTheResizedImage()
    {
        var image = ImageDecoder.Decode(Path.Combine(Fixtures, "rgb_400x300.png"));
        var transform = new ImageClassificationTransform(48, 40, 64, ImageNetMean, ImageNetStd);

        var cropped = ImageNetPreprocessing.ResizeAndCrop(image, transform);

        // 400×300 -> 85×64 (int(64 * 400 / 300)), then the 40×48 centre: left round(22.5) = 22 (half to even), top round(8) = 8.
        cropped.Width.Should().Be(40);
        cropped.Height.Should().Be(48);
        var expected = PilBilinearResize.ResizeCrop(PilBilinearResize.Resize(image, 85, 64), 22, 8, 40, 48, 40, 48);
        cropped.Pixels.Should().Equal(expected.Pixels);
    }

    [Fact]
    public void ResizeAndCrop_ImageWithOtherChannels_ThrowsNamingTheColourMode()
    {
        var image = ImageDecoder.Decode(Path.Combine(Fixtures, "rgb_45x31.png"));
        var grey = new ImageClassificationTransform(20, 20, null, [0.5f], [0.5f]);

        var act = () => ImageNetPreprocessing.ResizeAndCrop(image, grey);

        act.Should().Throw<ArgumentException>().WithParameterName("image").WithMessage("The image has 3 channel(s) and the transform 1: decode it with ColorMode.Gray.*");
    }

    [Theory]
    [InlineData(1, ColorMode.Gray)]
    [InlineData(3, ColorMode.Rgb)]
    public void ModeOf_Channels_IsTheDecodingMode(int channels, ColorMode mode)
    {
        var statistics = Enumerable.Repeat(0.5f, channels).ToArray();

        ImageNetPreprocessing.ModeOf(new ImageClassificationTransform(32, 32, null, statistics, statistics)).Should().Be(mode);
    }

    private static float[] Expected(string name, string variant)
    {
        var stem = Path.GetFileNameWithoutExtension(name) + "_" + Path.GetExtension(name)[1..];
        using var gzip = new GZipStream(File.OpenRead(Path.Combine(Fixtures, $"{stem}.{variant}.expected.f32.gz")), CompressionMode.Decompress);
        using var bytes = new MemoryStream();
        gzip.CopyTo(bytes);
        var values = new float[bytes.Length / sizeof(float)];
        Buffer.BlockCopy(bytes.ToArray(), 0, values, 0, values.Length * sizeof(float));
        return values;
    }
}
