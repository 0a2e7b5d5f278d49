using System.Collections.Generic;
using System.Linq;
using FluentAssertions;
using TorchTraining.Checkpoints;
using TorchTraining.Step;
using TorchTraining.Tests.Support;
using Xunit;
using static TorchSharp.torch;

namespace TorchTraining.Tests.Training;

/// <summary>
/// <see cref="TrainingOptions.ChannelsLast"/>: the model gets channels-last batches in training and evaluation, learns
/// what it learns from contiguous batches (up to float rounding), and its checkpoints hold the standard layout.
/// </summary>
public sealed class ChannelsLastTrainingTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Run_ChannelsLast_TheModelSeesChannelsLastBatchesInTrainingAndEvaluation_OnlyWhenAsked(bool channelsLast)
    {
        using var data = SyntheticData.Create(train: 64, test: 32);
        using var model = SmallNet.Create(seed: 3);
        var layouts = new List<bool>();
        model.register_forward_pre_hook((_, input) =>
        {
            layouts.Add(IsChannelsLast(input));
            return null!;
        });
        using var trainer = new Trainer(model, data.TrainSource(), data.TestSource(), TrainingRuns.Options(OptimizerKind.Sgd, null, epochs: 1, ema: false) with { ChannelsLast = channelsLast });

        trainer.Run();

        layouts.Should().HaveCount(3, "two training steps and one evaluation batch");
        layouts.Should().AllBeEquivalentTo(channelsLast);
    }

    [Theory]
    [InlineData(OptimizerKind.Sgd)]
    [InlineData(OptimizerKind.AdamW)]
    public void Run_ChannelsLast_GivesTheContiguousRunsLossesAndWeightsWithinRounding(OptimizerKind optimizer)
    {
        using var data = SyntheticData.Create(train: 128, test: 64);
        using var contiguousModel = SmallNet.Create(seed: 4, dropout: 0);
        using var channelsLastModel = SmallNet.Create(seed: 4, dropout: 0);
        var options = TrainingRuns.Options(optimizer, null, epochs: 2);
        using var contiguous = new Trainer(contiguousModel, data.TrainSource(), data.TestSource(), options);
        using var channelsLast = new Trainer(channelsLastModel, data.TrainSource(), data.TestSource(), options with { ChannelsLast = true });

        var expected = contiguous.Run();
        var actual = channelsLast.Run();

        foreach (var (a, e) in actual.Zip(expected))
        {
            a.TrainLoss.Should().BeApproximately(e.TrainLoss, 1e-4);
            a.TestLoss.Should().BeApproximately(e.TestLoss, 1e-4);
        }

        if (optimizer == OptimizerKind.AdamW)
        {
            // AdamW divides by the gradient's running size: conv1's bias, whose gradient BatchNorm cancels to rounding
            // noise, moves by the learning rate either way, so the weights are compared for SGD only.
            return;
        }

        var expectedState = contiguousModel.state_dict();
        foreach (var (key, tensor) in channelsLastModel.state_dict())
        {
            using var difference = (tensor.to_type(ScalarType.Float64) - expectedState[key].to_type(ScalarType.Float64)).abs().max();
            difference.item<double>().Should().BeLessThan(1e-3, key);
        }
    }

    [Fact]
    public void Checkpoint_AfterChannelsLastTraining_HoldsTheStandardLayoutAndResumesIdentically()
    {
        using var data = SyntheticData.Create(train: 64, test: 32);
        using var folder = new TempFolder();
        using var model = SmallNet.Create(seed: 3);
        var options = TrainingRuns.Options(OptimizerKind.Sgd, folder.Path, epochs: 1) with { ChannelsLast = true };
        using var trainer = new Trainer(model, data.TrainSource(), data.TestSource(), options);
        trainer.Run();
        var last = folder.File(TrainingCheckpoint.LastFileName);

        using var copy = SmallNet.Create(seed: 8);
        TrainingCheckpoint.LoadWeights(last, copy);
        TrainingRuns.ShouldBeIdentical(copy.state_dict(), model.state_dict(), "weights");
        copy.state_dict().Values.Should().AllSatisfy(t => t.is_contiguous().Should().BeTrue());

        using var resumedModel = SmallNet.Create(seed: 8);
        using var resumed = new Trainer(resumedModel, data.TrainSource(), data.TestSource(), options with { OutputDirectory = null });
        resumed.Resume(last);
        TrainingRuns.ShouldBeIdentical(resumed, resumedModel, trainer, model);
    }

    private static bool IsChannelsLast(Tensor x)
    {
        var (shape, strides) = (x.shape, x.stride());
        return strides[1] == 1 && strides[3] == shape[1] && strides[2] == shape[1] * shape[3] && strides[0] == shape[1] * shape[2] * shape[3];
    }
}
