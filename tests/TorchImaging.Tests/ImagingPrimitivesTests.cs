using System;
using System.Linq;
using FluentAssertions;
using Xunit;

namespace TorchImaging.Tests;

/// <summary>The public primitives against Pillow 9.4 (tools/make_transform_fixtures.py): byte for byte.</summary>
public sealed class ImagingPrimitivesTests
{
    public static TheoryData<int> DecodeCases => Indices("decodeGray");

    public static TheoryData<int> ResizeCases => Indices("resize");

    public static TheoryData<int> ResizeCropCases => Indices("resizeCrop");

    [Theory]
    [MemberData(nameof(DecodeCases))]
    public void Decode_Gray_MatchesPillowsConvertL(int index)
    {
        var entry = PillowFixtures.Section("decodeGray")[index];

        var image = ImageDecoder.Decode(System.IO.Path.Combine(PillowFixtures.Folder, entry.GetProperty("file").GetString()!), ColorMode.Gray);

        image.Channels.Should().Be(1);
        PillowFixtures.Difference(image, entry.GetProperty("output")).Should().BeNull(entry.GetProperty("file").GetString());
    }

    [Theory]
    [MemberData(nameof(ResizeCases))]
    public void Resize_GrayAndRgb_MatchesPillowsBilinearResize(int index)
    {
        var entry = PillowFixtures.Section("resize")[index];
        var source = PillowFixtures.Decode(entry);

        var resized = PilBilinearResize.Resize(source, entry.GetProperty("width").GetInt32(), entry.GetProperty("height").GetInt32());

        PillowFixtures.Difference(resized, entry.GetProperty("output")).Should().BeNull($"{entry.GetProperty("file")} ({source}) to {entry.GetProperty("width")}×{entry.GetProperty("height")}");
    }

    [Theory]
    [MemberData(nameof(ResizeCropCases))]
    public void ResizeCrop_Rectangle_MatchesPillowsCropThenResize(int index)
    {
        var entry = PillowFixtures.Section("resizeCrop")[index];
        var source = PillowFixtures.Decode(entry);
        int Get(string name) => entry.GetProperty(name).GetInt32();

        var resized = PilBilinearResize.ResizeCrop(source, Get("left"), Get("top"), Get("cropWidth"), Get("cropHeight"), Get("width"), Get("height"));

        PillowFixtures.Difference(resized, entry.GetProperty("output")).Should().BeNull($"{entry.GetProperty("file")} crop ({Get("left")}, {Get("top")}, {Get("cropWidth")}×{Get("cropHeight")})");
    }

    [Fact]
    public void Decode_GrayImageAsRgb_ReplicatesTheChannel()
    {
        var path = System.IO.Path.Combine(PillowFixtures.Folder, "gray_29x23.png");

        var gray = ImageDecoder.Decode(path, ColorMode.Gray);
        var rgb = ImageDecoder.Decode(path);

        rgb.Channels.Should().Be(3);
        rgb.Pixels.Should().Equal(gray.Pixels.SelectMany(v => new[] { v, v, v }));
    }

    [Fact]
    public void ResizeCrop_WholeImageSameSize_ReturnsTheSourceAndACropCopies()
    {
        var image = ImageDecoder.Decode(System.IO.Path.Combine(PillowFixtures.Folder, "rgb_45x31.png"));

        PilBilinearResize.ResizeCrop(image, 0, 0, 45, 31, 45, 31).Should().BeSameAs(image);
        var crop = PilBilinearResize.ResizeCrop(image, 2, 3, 10, 5, 10, 5);
        crop.Pixels.Should().Equal(Enumerable.Range(3, 5).SelectMany(y => image.Pixels.Skip(((y * 45) + 2) * 3).Take(30)));
    }

    [Theory]
    [InlineData(-1, 0, 10, 10)]
    [InlineData(0, 0, 46, 10)]
    [InlineData(40, 0, 6, 10)]
    [InlineData(0, 30, 10, 2)]
    [InlineData(0, 0, 0, 10)]
    public void ResizeCrop_RectangleOutsideTheImage_Throws(int left, int top, int width, int height)
    {
        var image = new ByteImage(45, 31, 3);

        var act = () => PilBilinearResize.ResizeCrop(image, left, top, width, height, 8, 8);

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*not inside the 45×31 image*");
    }

    [Theory]
    [InlineData(0, 5)]
    [InlineData(5, -1)]
    public void Resize_NonPositiveSize_Throws(int width, int height)
    {
        var act = () => PilBilinearResize.Resize(new ByteImage(4, 4, 1), width, height);

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage($"*{width}×{height}*");
    }

    [Theory]
    [InlineData(0, 4, 1, 0, "*positive width and height*")]
    [InlineData(4, 4, 2, 32, "*1 (grey) or 3 (RGB) channels, got 2*")]
    [InlineData(4, 4, 3, 47, "*needs 48 bytes, got 47*")]
    public void ByteImage_InvalidShapeOrLength_ThrowsNamingIt(int width, int height, int channels, int length, string message)
    {
        var act = () => new ByteImage(width, height, channels, new byte[length]);

        act.Should().Throw<ArgumentException>().WithMessage(message);
    }

    [Fact]
    public void Decode_UnknownColorMode_Throws()
    {
        var act = () => ImageDecoder.Decode(System.IO.Path.Combine(PillowFixtures.Folder, "gray_29x23.png"), (ColorMode)2);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    private static TheoryData<int> Indices(string section) => new(Enumerable.Range(0, PillowFixtures.Section(section).GetArrayLength()));
}
