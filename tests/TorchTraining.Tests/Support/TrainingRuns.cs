using System.Collections.Generic;
using System.Linq;
using FluentAssertions;
using TorchTraining.Metrics;
using TorchTraining.Step;
using static TorchSharp.torch;

namespace TorchTraining.Tests.Support;

/// <summary>Options and comparisons shared by the training tests.</summary>
internal static class TrainingRuns
{
    public static TrainingOptions Options(OptimizerKind kind, string? folder, int epochs = 3, bool ema = true, bool perIteration = false) => new()
    {
        Epochs = epochs,
        Optimizer = kind == OptimizerKind.Sgd
            ? new OptimizerSettings { Kind = OptimizerKind.Sgd, LearningRate = 0.05, Momentum = 0.9, Nesterov = true, WeightDecay = 1e-3 }
            : new OptimizerSettings { Kind = OptimizerKind.AdamW, LearningRate = 3e-3, WeightDecay = 0.05 },
        Schedule = new ScheduleSettings { WarmupEpochs = epochs > 1 ? 1 : 0, WarmupDecay = 0.1, PerIteration = perIteration },
        LabelSmoothing = 0.1,
        ClipGradNorm = 5.0,
        Ema = ema ? new EmaSettings(BatchSize: 32) { Steps = 2, Decay = 0.99 } : null,
        OutputDirectory = folder,
    };

    /// <summary>Asserts that two trainers (and their models) hold bit-identical weights, buffers, optimizer state, moving average and metrics.</summary>
    public static void ShouldBeIdentical(Trainer actual, nn.Module actualModel, Trainer expected, nn.Module expectedModel)
    {
        ShouldBeIdentical(actualModel.state_dict(), expectedModel.state_dict(), "model");
        var owned = new List<Tensor>();
        ShouldBeIdentical(OptimizerStateIO.Export(actual.Optimizer, actual.ParameterGroups, owned), OptimizerStateIO.Export(expected.Optimizer, expected.ParameterGroups, owned), "optimizer");
        owned.ForEach(t => t.Dispose());
        if (expected.Ema is not null)
        {
            actual.Ema!.UpdateCount.Should().Be(expected.Ema.UpdateCount);
            ShouldBeIdentical(actual.Ema.Average, expected.Ema.Average, "moving average");
        }

        actual.History.Select(WithoutTimes).Should().Equal(expected.History.Select(WithoutTimes));
        actual.BestTop1.Should().Be(expected.BestTop1);
        actual.BestEpoch.Should().Be(expected.BestEpoch);
    }

    public static void ShouldBeIdentical(IReadOnlyDictionary<string, Tensor> actual, IReadOnlyDictionary<string, Tensor> expected, string what)
    {
        actual.Keys.Should().BeEquivalentTo(expected.Keys, what);
        foreach (var (key, tensor) in expected)
        {
            using var same = actual[key].eq(tensor).all();
            same.item<bool>().Should().BeTrue($"{what} entry '{key}' must be bit-identical");
        }
    }

    public static EpochRecord WithoutTimes(EpochRecord record) => record with { ImagesPerSecond = 0, TrainSeconds = 0, Seconds = 0 };
}
