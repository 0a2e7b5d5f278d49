using System;
using System.Linq;
using FluentAssertions;
using ShuffleNet.Torch.Classification;
using Xunit;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Tests.Weights;

public sealed class PredictionsTests
{
    [Fact]
    public void ImageNetClasses_Names_AreTorchvisionsThousandInOrder()
    {
        ImageNetClasses.Names.Should().HaveCount(1000).And.OnlyHaveUniqueItems();
        ImageNetClasses.Names[0].Should().Be("tench");
        ImageNetClasses.Names[1].Should().Be("goldfish");
        ImageNetClasses.Names[207].Should().Be("golden retriever");
        ImageNetClasses.Names[999].Should().Be("toilet tissue");
    }

    [Fact]
    public void TopK_KnownLogits_GivesIndicesLabelsAndSoftmaxProbabilities()
    {
        using var scope = NewDisposeScope();
        // softmax of ln(1), ln(2), ln(3), ln(4) is 0.1, 0.2, 0.3, 0.4.
        var logits = tensor(new[] { 0f, MathF.Log(2), MathF.Log(3), MathF.Log(4) });

        var top = Predictions.TopK(logits, k: 3, labels: ["a", "b", "c", "d"]).Single();

        top.Select(p => p.Index).Should().Equal(3, 2, 1);
        top.Select(p => p.Label).Should().Equal("d", "c", "b");
        top.Select(p => p.Probability).Should().Equal([0.4f, 0.3f, 0.2f], (a, b) => Math.Abs(a - b) < 1e-6f);
    }

    [Fact]
    public void TopK_BatchOfImageNetLogits_UsesImageNetNamesPerImage()
    {
        using var scope = NewDisposeScope();
        var logits = zeros(2, 1000);
        logits[0, 207] = tensor(10f);
        logits[1, 1] = tensor(10f);
        logits[1, 0] = tensor(5f);

        var top = Predictions.TopK(logits, k: 2);

        top.Should().HaveCount(2);
        top[0][0].Should().Be(new ClassPrediction(207, "golden retriever", top[0][0].Probability));
        top[1].Select(p => p.Label).Should().Equal("goldfish", "tench");
        top[0][1].Index.Should().Be(0, "ties go to the lower index");
        top[1][0].Probability.Should().BeApproximately((float)(Math.Exp(10) / (Math.Exp(10) + Math.Exp(5) + 998)), 1e-6f);
    }

    [Fact]
    public void TopK_OtherClassCountWithoutLabels_HasNoLabels()
    {
        using var scope = NewDisposeScope();

        var top = Predictions.TopK(tensor(new[] { 1f, 3f, 2f }), k: 1).Single();

        top.Should().Equal(new ClassPrediction(1, null, top[0].Probability));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public void TopK_KOutOfRange_ThrowsNamingIt(int k)
    {
        using var scope = NewDisposeScope();

        var act = () => Predictions.TopK(zeros(3), k);

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage($"*between 1 and the class count 3, got {k}*").Which.ParamName.Should().Be("k");
    }

    [Fact]
    public void TopK_WrongLabelCountOrRank_Throws()
    {
        using var scope = NewDisposeScope();

        FluentActions.Invoking(() => Predictions.TopK(zeros(3), 1, ["a"])).Should().Throw<ArgumentException>().WithMessage("*1 labels were given for 3 classes*");
        FluentActions.Invoking(() => Predictions.TopK(zeros(1, 1, 3), 1)).Should().Throw<ArgumentException>().WithMessage("*[1, 1, 3]*");
    }
}
