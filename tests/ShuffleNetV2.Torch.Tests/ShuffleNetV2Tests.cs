using System;
using System.IO;
using System.Linq;
using FluentAssertions;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Tests;

public sealed class ShuffleNetV2Tests
{
    [Theory]
    [InlineData(4, 224, 224)]
    [InlineData(1, 160, 160)]
    [InlineData(2, 64, 64)]
    [InlineData(1, 97, 131)]
    public void Forward_RandomInput_GivesOneRowOfClassScoresPerImage(int batch, int height, int width)
    {
        using var scope = NewDisposeScope();
        using var model = new ShuffleNetV2();
        model.eval();

        var output = model.call(rand(batch, 3, height, width));

        output.shape.Should().Equal(batch, 1000);
    }

    [Theory]
    [InlineData(ShuffleNetV2Width.X0_5, 1_366_792)]
    [InlineData(ShuffleNetV2Width.X1_0, 2_278_604)]
    [InlineData(ShuffleNetV2Width.X1_5, 3_503_624)]
    [InlineData(ShuffleNetV2Width.X2_0, 7_393_996)]
    public void Create_EachWidth_HasTorchvisionsParameterCount(ShuffleNetV2Width width, long expected)
    {
        using var model = ShuffleNetV2.Create(width);

        model.parameters().Sum(p => p.numel()).Should().Be(expected);
    }

    [Fact]
    public void StateDict_SeedModel_HasExactlyTheSeedsKeysAndShapes()
    {
        var expected = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "seed_state_dict_keys.txt"))
            .Where(line => !line.StartsWith('#'))
            .Select(line => line.Trim())
            .ToList();
        using var model = new ShuffleNetV2(numClasses: 1000);

        var actual = model.state_dict().Select(kv => $"{kv.Key} {string.Join(' ', kv.Value.shape)}".Trim()).ToList();

        expected.Should().HaveCount(338);
        actual.Should().BeEquivalentTo(expected);
    }

    [Fact]
    public void NamedChildren_SeedModel_AreTheSeedsInOrder()
    {
        using var model = new ShuffleNetV2();

        model.named_children().Select(c => c.name).Should().Equal("conv1", "maxpool", "inverted_block", "conv5", "fc");
    }

    [Fact]
    public void InvertedBlock_SeedModel_HasSixteenUnitsWithStrideTwoAtEachStageStart()
    {
        using var model = new ShuffleNetV2();

        var units = model.modules().OfType<InvertedResidual>().ToList();

        units.Select(u => u.Stride).Should().Equal(2, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1);
        units.Select(u => u.OutputChannels).Distinct().Should().Equal(116, 232, 464);
    }

    [Fact]
    public void Create_CustomArchitecture_BuildsTheRequestedStagesAndClasses()
    {
        using var scope = NewDisposeScope();
        using var model = ShuffleNetV2.Create([1, 2, 1], [8, 16, 32, 64, 128], numClasses: 10);
        model.eval();

        var output = model.call(rand(2, 3, 32, 32));

        output.shape.Should().Equal(2, 10);
        model.modules().OfType<InvertedResidual>().Select(u => u.OutputChannels).Should().Equal(16, 32, 32, 64);
        model.Architecture.Width.Should().BeNull();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Constructor_NonPositiveClassCount_ThrowsNamingTheValue(long numClasses)
    {
        var act = () => new ShuffleNetV2(numClasses);

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage($"*numClasses must be positive, got {numClasses}*").Which.ParamName.Should().Be("numClasses");
    }

    [Fact]
    public void Create_UndefinedWidth_ThrowsNamingTheValue()
    {
        var act = () => ShuffleNetV2.Create((ShuffleNetV2Width)42);

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*Unknown ShuffleNetV2 width 42*").Which.ParamName.Should().Be("width");
    }

    [Theory]
    [InlineData(new long[] { 4, 1, 224, 224 })]
    [InlineData(new long[] { 3, 224, 224 })]
    public void Forward_WrongInputShape_ThrowsNamingTheShape(long[] shape)
    {
        using var scope = NewDisposeScope();
        using var model = new ShuffleNetV2();

        var act = () => model.call(rand(shape));

        act.Should().Throw<ArgumentException>().WithMessage($"*[batch, 3, height, width]*[{string.Join(", ", shape)}]*");
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 5)]
    [InlineData(32, 1)]
    public void Forward_TinyImagesInEvalMode_Work(int height, int width)
    {
        using var scope = NewDisposeScope();
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5);
        model.eval();

        model.call(rand(1, 3, height, width)).shape.Should().Equal(1, 1000);
    }

    [Fact]
    public void Forward_OneValuePerChannelInTrainingMode_ThrowsExplainingTheLimit()
    {
        using var scope = NewDisposeScope();
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5);
        model.train();

        var act = () => model.call(rand(1, 3, 32, 32));

        act.Should().Throw<ArgumentException>().WithMessage("*training mode*[1, 3, 32, 32]*batch of two or more*");
        model.call(rand(1, 3, 33, 32)).shape.Should().Equal(1, 1000);
    }

    [Theory]
    [InlineData(ScalarType.Float64)]
    [InlineData(ScalarType.Int32)]
    [InlineData(ScalarType.Float16)]
    public void Forward_InputOfAnotherDtype_ThrowsNamingBothDtypes(ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5);

        var act = () => model.call(ones(1, 3, 64, 64, dtype: dtype));

        act.Should().Throw<ArgumentException>().WithMessage($"*Float32 parameters*input is {dtype}*");
    }

    [Fact]
    public void Forward_ZeroSizedInput_ThrowsNamingTheShape()
    {
        using var scope = NewDisposeScope();
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5);

        var act = () => model.call(zeros(1, 3, 0, 64));

        act.Should().Throw<ArgumentException>().WithMessage("*[1, 3, 0, 64]*");
    }

    [Fact]
    public void Forward_NaNInput_PropagatesWithoutCrashing()
    {
        using var scope = NewDisposeScope();
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5);
        model.eval();

        var output = model.call(full(1, 3, 64, 64, float.NaN));

        output.isnan().all().item<bool>().Should().BeTrue();
    }

    [Fact]
    public void Training_FiveSgdSteps_LowerTheLossAndReachEveryParameter()
    {
        using var scope = NewDisposeScope();
        manual_seed(7);
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5, numClasses: 10);
        model.train();
        var images = rand(8, 3, 64, 64);
        var labels = randint(0, 10, [8], dtype: int64);
        using var optimizer = optim.SGD(model.parameters(), learningRate: 0.05, momentum: 0.9);
        var losses = new double[6];

        for (var step = 0; step < losses.Length; step++)
        {
            using var stepScope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(model.call(images), labels);
            losses[step] = loss.item<float>();
            if (step == losses.Length - 1)
            {
                break;
            }

            loss.backward();
            if (step == 0)
            {
                model.named_parameters().Where(p => p.parameter.grad is null || p.parameter.grad.abs().sum().item<float>() == 0)
                    .Select(p => p.name).Should().BeEmpty("every parameter should receive a gradient");
            }

            optimizer.step();
        }

        losses[^1].Should().BeLessThan(losses[0], $"losses were {string.Join(", ", losses)}");
    }

    [Fact]
    public void Forward_EvalMode_IsDeterministic()
    {
        using var scope = NewDisposeScope();
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5);
        model.eval();
        var x = rand(2, 3, 96, 96);

        using var noGrad = no_grad();
        var first = model.call(x);
        var second = model.call(x);

        first.allclose(second, rtol: 0, atol: 0).Should().BeTrue();
    }

    [Fact]
    public void Forward_InADisposeScope_LeavesNoNativeTensorAlive()
    {
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5);
        model.eval();
        using var noGrad = no_grad();
        var x = rand(1, 3, 64, 64);
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        using (var scope = NewDisposeScope())
        {
            var output = model.call(x);
            DisposeScopeManager.Statistics.ThreadTotalLiveCount.Should().Be(before + 1, "only the output is alive inside the scope");
        }

        DisposeScopeManager.Statistics.ThreadTotalLiveCount.Should().Be(before);
        x.Dispose();
    }

    [Fact]
    public void Forward_AfterDispose_ThrowsObjectDisposedException()
    {
        using var scope = NewDisposeScope();
        var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5);
        model.Dispose();

        var act = () => model.call(rand(1, 3, 64, 64));

        act.Should().Throw<ObjectDisposedException>();
    }
}
