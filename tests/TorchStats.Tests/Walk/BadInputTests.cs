using System;
using System.Linq;
using FluentAssertions;
using ShuffleNet.Torch;
using TorchStats.Tests.Support;
using Xunit;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TorchStats.Tests.Walk;

/// <summary>Each bad input gives an exception that says what was wrong; afterwards the model has no hooks, the same modes, and runs.</summary>
public sealed class BadInputTests
{
    [Fact]
    public void Analyze_NullModel_ThrowsArgumentNull()
    {
        var act = () => ModelStatistics.Analyze(null!, [1, 3, 224, 224]);

        act.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("model");
    }

    [Fact]
    public void Analyze_NullShape_ThrowsArgumentNull()
    {
        using var model = Sequential(ReLU());

        var act = () => ModelStatistics.Analyze(model, null!);

        act.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("inputShape");
    }

    [Theory]
    [InlineData(new long[0], "[]")]
    [InlineData(new long[] { 224 }, "[224]")]
    public void Analyze_ShapeWithoutBatchAndFeatures_ThrowsNamingTheShape(long[] shape, string text)
    {
        using var model = Sequential(ReLU());

        var act = () => ModelStatistics.Analyze(model, shape);

        act.Should().Throw<ArgumentException>().WithMessage($"*at least 2 dimensions*got {text}*").Which.ParamName.Should().Be("inputShape");
    }

    [Theory]
    [InlineData(new long[] { 1, 3, 0, 224 }, "size 0 at dimension 2")]
    [InlineData(new long[] { -1, 3, 224, 224 }, "size -1 at dimension 0")]
    [InlineData(new long[] { 1, -3, 224, 224 }, "size -3 at dimension 1")]
    public void Analyze_ZeroOrNegativeSize_ThrowsNamingTheSize(long[] shape, string where)
    {
        using var model = ShuffleNetV2.Create();

        var act = () => ModelStatistics.Analyze(model, shape);

        act.Should().Throw<ArgumentException>().WithMessage($"*must all be positive*[{string.Join(", ", shape)}]*{where}*").Which.ParamName.Should().Be("inputShape");
    }

    [Fact]
    public void Analyze_NonFloatInputType_ThrowsNamingTheType()
    {
        using var model = Sequential(ReLU());

        var act = () => ModelStatistics.Analyze(model, [1, 4], new AnalysisOptions { InputType = ScalarType.Int64 });

        act.Should().Throw<ArgumentException>().WithMessage("*floating-point*Int64*").Which.ParamName.Should().Be("options");
    }

    [Fact]
    public void Analyze_TorchstatStyleShapeWithoutBatch_ExplainsTheBatchDimension()
    {
        using var model = ShuffleNetV2.Create();
        model.eval();

        var act = () => ModelStatistics.Analyze(model, [3, 224, 224]);

        act.Should().Throw<ForwardPassException>()
            .WithMessage("*ShuffleNetV2 on input [3, 224, 224]*before any leaf module ran*torchstat's input_size=[3, 224, 224] is [1, 3, 224, 224] here*");
        AssertUnchangedAndWorking(model, [1, 3, 64, 64]);
    }

    [Fact]
    public void Analyze_OneChannelForThreeChannelModel_SaysTheModelRejectedTheShape()
    {
        using var model = ShuffleNetV2.Create();
        model.train();

        var act = () => ModelStatistics.Analyze(model, [1, 1, 224, 224]);

        var thrown = act.Should().Throw<ForwardPassException>()
            .WithMessage("*[1, 1, 224, 224]*before any leaf module ran*ArgumentException*[batch, 3, height, width]*hooks were removed*").Which;
        thrown.InnerException.Should().BeOfType<ArgumentException>();
        thrown.InputShape.Should().Equal(1, 1, 224, 224);
        model.training.Should().BeTrue("the model's train mode is restored");
        AssertUnchangedAndWorking(model, [1, 3, 64, 64], expectTraining: true);
    }

    [Fact]
    public void Analyze_OneChannelForPlainConvolution_NamesTheConvolutionThatFailed()
    {
        using var model = Sequential(("stem", Conv2d(3, 8, kernel_size: 3)), ("act", ReLU()));
        model.eval();

        var act = () => ModelStatistics.Analyze(model, [1, 1, 16, 16]);

        var thrown = act.Should().Throw<ForwardPassException>().WithMessage("*failed inside leaf module 'stem' (Conv2d), the first leaf to run*").Which;
        thrown.RunningLeaf.Should().Be("stem");
        thrown.LastCompletedLeaf.Should().BeNull();
        AssertUnchangedAndWorking(model, [1, 3, 16, 16]);
    }

    [Fact]
    public void Analyze_LeafWhoseForwardThrows_NamesItAndTheLeafBefore()
    {
        using var model = Sequential(("conv", Conv2d(3, 4, kernel_size: 1)), ("relu", ReLU()), ("boom", new ExplodingLayer()), ("fc", Linear(4, 2)));

        var act = () => ModelStatistics.Analyze(model, [2, 3, 8, 8]);

        var thrown = act.Should().Throw<ForwardPassException>()
            .WithMessage("*failed inside leaf module 'boom' (ExplodingLayer), after 'relu' (ReLU) had run*InvalidOperationException: ExplodingLayer always fails.*").Which;
        thrown.InnerException.Should().BeOfType<InvalidOperationException>();
        thrown.RunningLeaf.Should().Be("boom");
        thrown.LastCompletedLeaf.Should().Be("relu");
        Hooks.CountInTree(model).Should().Be(0);
    }

    [Fact]
    public void Analyze_LibTorchErrorWithBacktrace_KeepsTheFirstLineAndTheWholeCauseInside()
    {
        using var model = Sequential(("conv", Conv2d(3, 4, kernel_size: 1)), ("fc", Linear(2, 2)));

        var act = () => ModelStatistics.Analyze(model, [1, 3, 4, 4]);

        var thrown = act.Should().Throw<ForwardPassException>()
            .WithMessage("*inside leaf module 'fc' (Linear), after 'conv' (Conv2d) had run*shapes cannot be multiplied*").Which;
        thrown.Message.Should().NotContain("\n", "libtorch's C++ backtrace stays in the inner exception");
        thrown.InnerException!.Message.Should().Contain("\n");
        Hooks.CountInTree(model).Should().Be(0);
    }

    [Fact]
    public void Analyze_ContainerThatThrowsBetweenLeaves_NamesTheLastLeafThatRan()
    {
        using var model = new ThrowingNet { Armed = true };
        model.train();
        var before = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());

        var act = () => ModelStatistics.Analyze(model, [1, 3, 8, 8]);

        var thrown = act.Should().Throw<ForwardPassException>()
            .WithMessage("*ThrowingNet*after leaf module 'features.2' (ReLU) had run (outside any leaf*ThrowingNet was armed*").Which;
        thrown.RunningLeaf.Should().BeNull();
        thrown.LastCompletedLeaf.Should().Be("features.2");
        model.Armed = false;
        AssertUnchangedAndWorking(model, [1, 3, 8, 8], expectTraining: true);
        ModelState.ValuesEqual(before, model.state_dict()).Should().BeTrue("eval mode kept BatchNorm's running statistics unchanged");
    }

    private static void AssertUnchangedAndWorking(Module<Tensor, Tensor> model, long[] shape, bool expectTraining = false)
    {
        Hooks.CountInTree(model).Should().Be(0);
        model.modules().Prepend(model).Should().OnlyContain(m => m.training == expectTraining, "each module keeps its train/eval flag");
        model.named_buffers().Select(b => b.name).Should().NotContain(n => n.EndsWith("MAdd", StringComparison.Ordinal));
        using var scope = NewDisposeScope();
        model.eval();
        using (no_grad())
        {
            model.call(rand(shape)).shape[0].Should().Be(shape[0]);
        }
    }
}
