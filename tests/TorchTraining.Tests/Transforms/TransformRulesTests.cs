using System;
using System.Linq;
using FluentAssertions;
using TorchImaging;
using TorchTraining.Tests.Support;
using TorchTraining.Transforms;
using Xunit;
using static TorchSharp.torch;

namespace TorchTraining.Tests.Transforms;

public sealed class TransformRulesTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Compose_NormalizeRightAfterToTensor_GivesTheSameValuesAsNormalizeOnItsOwn(int channels)
    {
        var image = ImageDecoder.Decode(System.IO.Path.Combine(Fixtures.Folder, "rgb_45x31.png"), (ColorMode)channels);
        var normalize = new Normalize(new[] { 0.485f, 0.456f, 0.406f }[..channels], new[] { 0.229f, 0.224f, 0.225f }[..channels]);
        using var scope = NewDisposeScope();

        var fused = new Compose([], new ToTensor(), [normalize]).Apply(image, NoRandom.Instance);
        var separate = new Compose([], new ToTensor(), [new NoOp(), normalize]).Apply(image, NoRandom.Instance);

        fused.data<float>().ToArray().Should().Equal(separate.data<float>().ToArray());
    }

    [Fact]
    public void ToTensor_GreyToThreeChannels_WithOneMeanNormalisesEveryChannel()
    {
        var image = new ByteImage(2, 1, 1, [0, 255]);
        using var scope = NewDisposeScope();

        var values = new Compose([], new ToTensor(3), [new Normalize([0.5f], [0.5f])]).Apply(image, NoRandom.Instance);

        values.shape.Should().Equal(3, 1, 2);
        values.data<float>().ToArray().Should().Equal(-1f, 1f, -1f, 1f, -1f, 1f);
    }

    [Fact]
    public void ToTensor_RgbToOneChannel_ThrowsSayingToDecodeGrey()
    {
        var act = () => new Compose([], new ToTensor(1)).Apply(new ByteImage(2, 2, 3), NoRandom.Instance);

        act.Should().Throw<ArgumentException>().WithMessage("*decode grey images with ColorMode.Gray*");
    }

    [Fact]
    public void Normalize_MeansForAnotherChannelCount_Throws()
    {
        var act = () => new Compose([], new ToTensor(), [new Normalize([0.5f, 0.5f], [0.2f, 0.2f])]).Apply(new ByteImage(2, 2, 3), NoRandom.Instance);

        act.Should().Throw<ArgumentException>().WithMessage("Normalize has 2 means for an image of 3 channel(s)*");
    }

    [Fact]
    public void RandomCrop_ImageSmallerThanTheCrop_ThrowsNamingBothSizes()
    {
        var act = () => new RandomCrop(32).Apply(new ByteImage(28, 28, 1), new SampleRandom(0));

        act.Should().Throw<ArgumentException>().WithMessage("RandomCrop of 32×32 is larger than the (padded) image, 28×28*");
    }

    [Fact]
    public void Transforms_GivenAnImage_NeverChangeIt()
    {
        var image = Fixtures.Input("rgb_45x31");
        var copy = image.Pixels.ToArray();
        var random = new SampleRandom(3);
        IImageTransform[] transforms = [new RandomResizedCrop(20), new RandomCrop(30, padding: 2), new RandomHorizontalFlip(1), new Resize(17), new CenterCrop(50), new CenterCrop(10)];

        foreach (var transform in transforms)
        {
            transform.Apply(image, random);
        }

        image.Pixels.Should().Equal(copy);
    }

    [Fact]
    public void Constructors_InvalidArguments_Throw()
    {
        new Action[]
        {
            () => _ = new RandomResizedCrop(0),
            () => _ = new RandomResizedCrop(8, scale: (0.5, 0.2)),
            () => _ = new RandomResizedCrop(8, ratio: (0, 1)),
            () => _ = new RandomCrop(8, padding: -1),
            () => _ = new RandomHorizontalFlip(1.5),
            () => _ = new Resize(0),
            () => _ = new Resize(8, -1),
            () => _ = new CenterCrop(0),
            () => _ = new ToTensor(2),
            () => _ = new Normalize([0.5f], [0f]),
            () => _ = new Normalize([0.5f, 0.5f], [1f]),
            () => _ = new RandomErasing(-0.1),
            () => _ = new RandomErasing(scale: (0.1, 1.5)),
            () => _ = new Compose([null!], new ToTensor()),
        }.Should().AllSatisfy(act => act.Should().Throw<ArgumentException>());
    }

    private sealed class NoOp : ITensorTransform
    {
        public void Apply(FloatImage image, IRandomSource random)
        {
        }
    }
}
