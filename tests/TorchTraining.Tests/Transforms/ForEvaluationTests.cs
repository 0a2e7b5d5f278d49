using System;
using System.IO;
using System.Linq;
using FluentAssertions;
using TorchImaging;
using TorchCheckpoints.Hub;
using TorchTraining.Tests.Support;
using TorchTraining.Transforms;
using Xunit;
using static TorchSharp.torch;

namespace TorchTraining.Tests.Transforms;

/// <summary>Compose.ForEvaluation: the training package's pipeline for a card's transform gives the Imaging package's tensor, bit for bit.</summary>
public sealed class ForEvaluationTests
{
    private static readonly float[] ImageNetMean = [0.485f, 0.456f, 0.406f];
    private static readonly float[] ImageNetStd = [0.229f, 0.224f, 0.225f];

    public static TheoryData<string, int?, int, int, float[], float[]> Cases => new()
    {
        { "rgb_400x300.png", 256, 224, 224, ImageNetMean, ImageNetStd },
        { "rgb_400x300.png", 64, 48, 40, ImageNetMean, ImageNetStd },
        { "gray_260x270.png", 232, 224, 224, ImageNetMean, ImageNetStd },
        { "rgb_400x300.png", null, 200, 150, [0.5f, 0.4f, 0.3f], [0.2f, 0.25f, 0.3f] },
        { "rgb_400x300.png", 72, 64, 64, [0.5f], [0.25f] },
        { "gray_260x270.png", null, 33, 30, [0.286f], [0.353f] },
        { "rgb_45x31.png", null, 40, 56, ImageNetMean, ImageNetStd },
        { "rgb_45x31.png", null, 20, 50, [0.5f], [0.5f] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ForEvaluation_Transform_GivesImageNetPreprocessingsTensorBitForBit(string image, int? resize, int height, int width, float[] mean, float[] std)
    {
        using var scope = NewDisposeScope();
        var transform = new ImageClassificationTransform(height, width, resize, mean, std);
        var path = Path.Combine(Fixtures.Folder, image);

        var ours = Compose.ForEvaluation(transform).Apply(ImageDecoder.Decode(path, ImageNetPreprocessing.ModeOf(transform)), SampleRandom.ForSample(0, 0, 0));

        var imaging = ImageNetPreprocessing.Load(path, transform)[0];
        ours.shape.Should().Equal(mean.Length, height, width);
        var (a, b) = (ours.data<float>().ToArray(), imaging.data<float>().ToArray());
        a.Zip(b).Count(p => BitConverter.SingleToInt32Bits(p.First) != BitConverter.SingleToInt32Bits(p.Second)).Should().Be(0);
    }

    [Fact]
    public void ForEvaluation_GreyImageAndThreeChannels_ReplicatesTheGreyValue()
    {
        using var scope = NewDisposeScope();
        var transform = new ImageClassificationTransform(64, 64, 72, [0.5f, 0.5f, 0.5f], [0.25f, 0.25f, 0.25f]);
        var grey = ImageDecoder.Decode(Path.Combine(Fixtures.Folder, "gray_260x270.png"), ColorMode.Gray);

        var tensor = Compose.ForEvaluation(transform).Apply(grey, SampleRandom.ForSample(0, 0, 0));

        tensor.shape.Should().Equal(3, 64, 64);
        tensor[0].equal(tensor[1]).all().item<bool>().Should().BeTrue();
        tensor[0].equal(tensor[2]).all().item<bool>().Should().BeTrue();
    }

    [Fact]
    public void ForEvaluation_Transform_IsResizeCenterCropToTensorNormalize()
    {
        var compose = Compose.ForEvaluation(new ImageClassificationTransform(48, 40, 64, [0.5f], [0.25f]));

        compose.ImageTransforms.Should().HaveCount(2);
        compose.ImageTransforms[0].Should().BeOfType<Resize>().Which.ShorterSide.Should().Be(64);
        compose.ImageTransforms[1].Should().BeOfType<CenterCrop>().Which.Should().BeEquivalentTo(new { Height = 48, Width = 40 });
        compose.ToTensor.Channels.Should().Be(1);
        var normalize = compose.TensorTransforms.Should().ContainSingle().Which.Should().BeOfType<Normalize>().Subject;
        normalize.Mean.Should().Equal(0.5f);
        normalize.Std.Should().Equal(0.25f);
    }

    [Fact]
    public void ForEvaluation_WithoutResize_OnlyCrops()
    {
        Compose.ForEvaluation(new ImageClassificationTransform(28, 28, null, [0.5f], [0.5f])).ImageTransforms.Should().ContainSingle().Which.Should().BeOfType<CenterCrop>();
    }

    [Fact]
    public void ForEvaluation_NotBilinear_ThrowsNamingTheMode()
    {
        var act = () => Compose.ForEvaluation(new ImageClassificationTransform(224, interpolation: InterpolationMode.Bicubic));

        act.Should().Throw<ArgumentException>().WithParameterName("transform").WithMessage("*Bicubic*bilinear*");
    }
}
