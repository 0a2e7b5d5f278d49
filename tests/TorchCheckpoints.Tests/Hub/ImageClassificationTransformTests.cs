using System;
using FluentAssertions;
using TorchCheckpoints.Hub;
using Xunit;
using static TorchSharp.torch;

namespace TorchCheckpoints.Tests.Hub;

/// <summary>The description of torchvision's ImageClassification preset; ShuffleNetV2.Torch.Imaging's tests apply it.</summary>
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

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("resizeSize").WithMessage("*resize (223)*crop (224)*");
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
        ((Action)(() => _ = new ImageClassificationTransform(224, mean: [0.5f]))).Should().Throw<ArgumentException>().WithParameterName("mean");
    }
}
