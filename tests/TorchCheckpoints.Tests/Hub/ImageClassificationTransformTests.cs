using System;
using FluentAssertions;
using TorchCheckpoints.Hub;
using Xunit;
using static TorchSharp.torch;

namespace TorchCheckpoints.Tests.Hub;

/// <summary>The description of torchvision's ImageClassification preset; TorchImaging's tests apply it.</summary>
public sealed class ImageClassificationTransformTests
{
    [Fact]
    public void Constructor_OnlyCropSize_HasTorchvisionsDefaults()
    {
        var transform = new ImageClassificationTransform(cropSize: 224);

        transform.ResizeSize.Should().Be(256);
        transform.Interpolation.Should().Be(InterpolationMode.Bilinear);
        transform.Mean.Should().Equal(0.485f, 0.456f, 0.406f);
        transform.Std.Should().Equal(0.229f, 0.224f, 0.225f);
    }

    [Fact]
    public void ToString_Transform_ReadsAsTorchvisionsArguments()
    {
        new ImageClassificationTransform(cropSize: 224, resizeSize: 232).ToString()
            .Should().Be("ImageClassification(crop_size=224, resize_size=232, mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225], interpolation=bilinear)");
    }

    [Theory]
    [InlineData(0, 256)]
    [InlineData(224, 0)]
    public void Constructor_SizeBelowOne_ThrowsArgumentOutOfRange(int crop, int resize)
    {
        var act = () => new ImageClassificationTransform(crop, resize);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Constructor_ResizeSmallerThanCrop_ThrowsArgumentOutOfRangeNamingBoth()
    {
        var act = () => new ImageClassificationTransform(cropSize: 224, resizeSize: 223);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("resizeSize").WithMessage("*resize (223)*crop (224×224)*");
    }

    [Fact]
    public void Constructor_ResizeEqualToCrop_IsAccepted()
    {
        new ImageClassificationTransform(cropSize: 224, resizeSize: 224).ResizeSize.Should().Be(224);
    }

    [Fact]
    public void Constructor_NotAnImageResamplingMode_ThrowsArgumentOutOfRange()
    {
        var act = () => new ImageClassificationTransform(224, interpolation: InterpolationMode.Trilinear);

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*Trilinear*");
    }

    [Fact]
    public void Constructor_StdNotPositiveOrWrongCount_ThrowsArgumentExceptionNamingIt()
    {
        ((Action)(() => _ = new ImageClassificationTransform(224, std: [0.2f, 0f, 0.2f]))).Should().Throw<ArgumentException>().WithParameterName("std");
        ((Action)(() => _ = new ImageClassificationTransform(224, mean: [0.5f, 0.5f]))).Should().Throw<ArgumentException>().WithParameterName("mean")
            .WithMessage("mean must hold 1 or 3 finite numbers (one per channel: grey, or R, G, B), got [0.5, 0.5].*");
    }

    [Fact]
    public void Constructor_OneMeanWithImageNetsThreeStds_ThrowsNamingBothCounts()
    {
        var act = () => new ImageClassificationTransform(224, mean: [0.5f]);

        act.Should().Throw<ArgumentException>().WithParameterName("std").WithMessage("mean has 1 values and std 3*");
    }

    [Theory]
    [InlineData(0, 64, null, 0.5f, 0.5f, "cropHeight")]
    [InlineData(64, 0, null, 0.5f, 0.5f, "cropWidth")]
    [InlineData(64, 48, 0, 0.5f, 0.5f, "resizeSize")]
    [InlineData(64, 48, 63, 0.5f, 0.5f, "resizeSize")]
    [InlineData(64, 64, null, float.NaN, 0.5f, "mean")]
    [InlineData(64, 64, null, 0.5f, 0f, "std")]
    [InlineData(64, 64, null, 0.5f, -0.1f, "std")]
    [InlineData(64, 64, null, 0.5f, float.PositiveInfinity, "std")]
    public void Constructor_InvalidValue_ThrowsNamingTheParameter(int height, int width, int? resize, float mean, float std, string parameter)
    {
        var act = () => new ImageClassificationTransform(height, width, resize, [mean, mean, mean], [std, std, std]);

        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be(parameter);
    }

    [Fact]
    public void Constructor_NonSquareOneChannelWithoutResize_KeepsEveryValue()
    {
        var transform = new ImageClassificationTransform(48, 40, null, [0.286f], [0.353f], InterpolationMode.Bicubic);

        transform.CropHeight.Should().Be(48);
        transform.CropWidth.Should().Be(40);
        transform.ResizeSize.Should().BeNull();
        transform.Mean.Should().Equal(0.286f);
        transform.Std.Should().Equal(0.353f);
        transform.Channels.Should().Be(1);
        transform.IsSquare.Should().BeFalse();
        transform.Interpolation.Should().Be(InterpolationMode.Bicubic);
    }

    [Fact]
    public void Constructor_Always_CopiesTheValues()
    {
        float[] mean = [0.1f, 0.2f, 0.3f];
        float[] std = [1f, 1f, 1f];
        var transform = new ImageClassificationTransform(32, 32, null, mean, std);

        mean[0] = 9f;
        std[0] = 9f;

        transform.Mean.Should().Equal(0.1f, 0.2f, 0.3f);
        transform.Std.Should().Equal(1f, 1f, 1f);
    }

    [Fact]
    public void ImageNet_Always_IsResize256Crop224WithImageNetsStatistics()
    {
        var imageNet = ImageClassificationTransform.ImageNet;

        imageNet.Should().BeEquivalentTo(new { CropHeight = 224, CropWidth = 224, ResizeSize = 256, Channels = 3, IsSquare = true, Interpolation = InterpolationMode.Bilinear });
        imageNet.Mean.Should().Equal(0.485f, 0.456f, 0.406f);
        imageNet.Std.Should().Equal(0.229f, 0.224f, 0.225f);
    }

    [Theory]
    [InlineData(48, 40, 64, 0.5f, 0.25f, InterpolationMode.Bilinear,
        "ImageClassification(crop_size=[48, 40], resize_size=64, mean=[0.5, 0.5, 0.5], std=[0.25, 0.25, 0.25], interpolation=bilinear)")]
    [InlineData(64, 64, null, 0.5f, 0.25f, InterpolationMode.NearestExact,
        "ImageClassification(crop_size=64, resize_size=None, mean=[0.5, 0.5, 0.5], std=[0.25, 0.25, 0.25], interpolation=nearest-exact)")]
    [InlineData(32, 32, 36, 0.125f, 2f, InterpolationMode.Bicubic,
        "ImageClassification(crop_size=32, resize_size=36, mean=[0.125, 0.125, 0.125], std=[2, 2, 2], interpolation=bicubic)")]
    public void ToString_AnyTransform_ReadsAsTorchvisionsArguments(int height, int width, int? resize, float mean, float std, InterpolationMode interpolation, string expected)
    {
        new ImageClassificationTransform(height, width, resize, [mean, mean, mean], [std, std, std], interpolation).ToString().Should().Be(expected);
    }

    [Fact]
    public void ToString_OneChannel_ListsOneMeanAndOneStd()
    {
        new ImageClassificationTransform(28, 28, null, [0.286f], [0.353f]).ToString()
            .Should().Be("ImageClassification(crop_size=28, resize_size=None, mean=[0.286], std=[0.353], interpolation=bilinear)");
    }

    [Fact]
    public void Describe_ImageNet_IsTorchvisionsPipeline()
    {
        ImageClassificationTransform.ImageNet.Describe()
            .Should().Be("Resize(256), CenterCrop(224×224), Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225])");
    }

    [Fact]
    public void Describe_NonSquareGreyWithoutResize_LeavesOutTheResizeAndSaysGrayscale()
    {
        new ImageClassificationTransform(48, 40, null, [0.286f], [0.353f]).Describe()
            .Should().Be("CenterCrop(48×40), Grayscale(), Normalize(mean=[0.286], std=[0.353])");
    }

    [Fact]
    public void Equals_SameValuesBuiltTwice_IsEqualWithTheSameHashCode()
    {
        var a = new ImageClassificationTransform(48, 40, 64, [0.5f, 0.4f, 0.3f], [0.2f, 0.2f, 0.2f]);
        var b = new ImageClassificationTransform(48, 40, 64, [0.5f, 0.4f, 0.3f], [0.2f, 0.2f, 0.2f]);

        a.Equals(b).Should().BeTrue();
        a.Equals((object)b).Should().BeTrue();
        a.GetHashCode().Should().Be(b.GetHashCode());
        new ImageClassificationTransform(224).Should().Be(ImageClassificationTransform.ImageNet);
    }

    public static TheoryData<string, ImageClassificationTransform> OneValueChanged => new()
    {
        { "crop height", new ImageClassificationTransform(47, 40, 64, [0.5f, 0.4f, 0.3f], [0.2f, 0.2f, 0.2f]) },
        { "crop width", new ImageClassificationTransform(48, 41, 64, [0.5f, 0.4f, 0.3f], [0.2f, 0.2f, 0.2f]) },
        { "resize", new ImageClassificationTransform(48, 40, 65, [0.5f, 0.4f, 0.3f], [0.2f, 0.2f, 0.2f]) },
        { "no resize", new ImageClassificationTransform(48, 40, null, [0.5f, 0.4f, 0.3f], [0.2f, 0.2f, 0.2f]) },
        { "mean", new ImageClassificationTransform(48, 40, 64, [0.5f, 0.4f, 0.31f], [0.2f, 0.2f, 0.2f]) },
        { "std", new ImageClassificationTransform(48, 40, 64, [0.5f, 0.4f, 0.3f], [0.2f, 0.2f, 0.21f]) },
        { "interpolation", new ImageClassificationTransform(48, 40, 64, [0.5f, 0.4f, 0.3f], [0.2f, 0.2f, 0.2f], InterpolationMode.Bicubic) },
        { "channels", new ImageClassificationTransform(48, 40, 64, [0.5f], [0.2f]) },
    };

    [Theory]
    [MemberData(nameof(OneValueChanged))]
    public void Equals_OneValueDiffers_IsNotEqual(string what, ImageClassificationTransform other)
    {
        var transform = new ImageClassificationTransform(48, 40, 64, [0.5f, 0.4f, 0.3f], [0.2f, 0.2f, 0.2f]);

        transform.Equals(other).Should().BeFalse(what);
        transform.Equals(null).Should().BeFalse();
    }

    [Fact]
    public void WithCrop_LargerThanTheResize_RaisesTheResizeToTheCropsLargerSide()
    {
        var transform = ImageClassificationTransform.ImageNet.WithCrop(240, 300);

        transform.CropHeight.Should().Be(240);
        transform.CropWidth.Should().Be(300);
        transform.ResizeSize.Should().Be(300);
        transform.Mean.Should().Equal(ImageClassificationTransform.ImageNet.Mean);
    }

    [Fact]
    public void WithCrop_WithoutResize_StaysWithoutResize()
    {
        new ImageClassificationTransform(28, 28, null, [0.5f], [0.5f]).WithCrop(20, 24).ResizeSize.Should().BeNull();
    }

    [Fact]
    public void WithResizeAndWithNormalization_ChangeOnlyTheirValues()
    {
        var transform = ImageClassificationTransform.ImageNet.WithResize(null).WithNormalization([0.5f], [0.25f]);

        transform.Should().Be(new ImageClassificationTransform(224, 224, null, [0.5f], [0.25f]));
    }

    [Fact]
    public void WithResize_SmallerThanTheCrop_Throws()
    {
        var act = () => ImageClassificationTransform.ImageNet.WithResize(200);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("resizeSize");
    }

    [Theory]
    [InlineData(InterpolationMode.Nearest, "nearest")]
    [InlineData(InterpolationMode.NearestExact, "nearest-exact")]
    [InlineData(InterpolationMode.Bilinear, "bilinear")]
    [InlineData(InterpolationMode.Bicubic, "bicubic")]
    public void InterpolationName_ImageModes_AreTorchvisionsNamesAndParseBack(InterpolationMode mode, string name)
    {
        ImageClassificationTransform.InterpolationName(mode).Should().Be(name);
        ImageClassificationTransform.ParseInterpolation(name).Should().Be(mode);
        ImageClassificationTransform.ParseInterpolation(name.ToUpperInvariant()).Should().Be(mode);
    }

    [Theory]
    [InlineData("trilinear")]
    [InlineData("")]
    [InlineData(null)]
    public void ParseInterpolation_UnknownName_IsNull(string? name)
    {
        ImageClassificationTransform.ParseInterpolation(name).Should().BeNull();
    }
}
