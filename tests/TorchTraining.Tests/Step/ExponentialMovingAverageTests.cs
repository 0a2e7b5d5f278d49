using System;
using FluentAssertions;
using TorchTraining.Step;
using Xunit;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TorchTraining.Tests.Step;

/// <summary>The moving average as torchvision's ExponentialMovingAverage (AveragedModel with buffers) computes it.</summary>
public sealed class ExponentialMovingAverageTests
{
    [Fact]
    public void Update_FirstCopiesThenAverages_ParametersAndBuffers()
    {
        using var model = Sequential(("bn", BatchNorm1d(2)));
        using var ema = new ExponentialMovingAverage(model, decay: 0.75);
        Set(model, "bn.weight", 4, 8);
        Set(model, "bn.running_mean", 1, 2);

        ema.Update(model);
        Set(model, "bn.weight", 8, 0);
        Set(model, "bn.running_mean", 5, 6);
        ema.Update(model);

        ema.UpdateCount.Should().Be(2);
        Values(ema, "bn.weight").Should().Equal(0.75f * 4 + 0.25f * 8, 0.75f * 8);
        Values(ema, "bn.running_mean").Should().Equal(0.75f * 1 + 0.25f * 5, 0.75f * 2 + 0.25f * 6);
    }

    [Fact]
    public void Update_AfterResetCount_CopiesAgain()
    {
        using var model = Sequential(("bn", BatchNorm1d(2)));
        using var ema = new ExponentialMovingAverage(model, decay: 0.9);
        ema.Update(model);
        Set(model, "bn.weight", 3, 7);

        ema.ResetCount();
        ema.Update(model);

        Values(ema, "bn.weight").Should().Equal(3, 7);
    }

    [Fact]
    public void Update_IntegerBuffer_AveragedAndTruncatedAsPyTorch()
    {
        using var model = Sequential(("bn", BatchNorm1d(2)));
        using var ema = new ExponentialMovingAverage(model, decay: 0.9);
        ema.Update(model);
        using (no_grad())
        {
            model.state_dict()["bn.num_batches_tracked"].fill_(9);
        }

        ema.Update(model);

        // float32(0.9 * 0 + 0.1 * 9) = 0.9, truncated to 0, as copy_ does in PyTorch 1.13's AveragedModel.
        ema.Average["bn.num_batches_tracked"].item<long>().Should().Be(0);
    }

    [Fact]
    public void CopyTo_AnotherModel_GetsTheAverage()
    {
        using var model = Sequential(("fc", Linear(2, 2)));
        using var other = Sequential(("fc", Linear(2, 2)));
        using var ema = new ExponentialMovingAverage(model, decay: 0.5);
        ema.Update(model);

        ema.CopyTo(other);

        other.state_dict()["fc.weight"].allclose(model.state_dict()["fc.weight"], rtol: 0, atol: 0).Should().BeTrue();
    }

    [Fact]
    public void CopyTo_ModelOfOtherShape_ThrowsNamingTheMismatch()
    {
        using var model = Sequential(("fc", Linear(2, 2)));
        using var other = Sequential(("fc", Linear(2, 3)));
        using var ema = new ExponentialMovingAverage(model, decay: 0.5);

        var act = () => ema.CopyTo(other);

        act.Should().Throw<ArgumentException>().WithMessage("*'fc.weight' is Float32 [2, 2] but the model has Float32 [3, 2]*");
    }

    [Theory]
    [InlineData(0.99998, 32, 32, 600, 0.9999658666666666)]
    [InlineData(0.9, 256, 4, 2, 0.0)]
    public void AdjustedDecay_AsTrainPy(double decay, int batchSize, int steps, int epochs, double expected)
    {
        new EmaSettings(batchSize) { Decay = decay, Steps = steps }.AdjustedDecay(epochs).Should().Be(expected);
    }

    private static void Set(Module model, string key, params float[] values)
    {
        using var noGrad = no_grad();
        using var source = tensor(values);
        model.state_dict()[key].copy_(source);
    }

    private static float[] Values(ExponentialMovingAverage ema, string key) => ema.Average[key].data<float>().ToArray();
}
