using System;
using System.Linq;
using System.Text.Json;
using FluentAssertions;
using TorchTraining.Step;
using TorchTraining.Tests.Support;
using Xunit;

namespace TorchTraining.Tests.Step;

/// <summary>The closed-form schedule against PyTorch 1.13's schedulers as torchvision joins them (tools/make_schedule_fixtures.py).</summary>
public sealed class LearningRateScheduleTests
{
    private const double RelativeTolerance = 1e-9;

    public static TheoryData<string> Cases => new(Fixtures.Read("schedules.json").GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("name").GetString()!));

    [Theory]
    [MemberData(nameof(Cases))]
    public void LearningRate_EveryPositionAndGroup_EqualsPyTorch(string name)
    {
        var fixture = Fixtures.Read("schedules.json").GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);
        var schedule = new LearningRateSchedule(Settings(fixture), fixture.GetProperty("epochs").GetInt32(), fixture.GetProperty("steps_per_epoch").GetInt32());
        var baseRates = Fixtures.Doubles(fixture.GetProperty("base_lrs"));
        var expected = fixture.GetProperty("lrs").EnumerateArray().Select(Fixtures.Doubles).ToArray();

        for (var group = 0; group < baseRates.Length; group++)
        {
            var actual = Enumerable.Range(0, expected[group].Length).Select(position => schedule.LearningRate(baseRates[group], position)).ToArray();
            for (var position = 0; position < actual.Length; position++)
            {
                var e = expected[group][position];
                Math.Abs(actual[position] - e).Should().BeLessThanOrEqualTo((RelativeTolerance * Math.Abs(e)) + 1e-15, $"group {group}, position {position} of {name}");
            }
        }
    }

    [Fact]
    public void PositionOf_PerIteration_CountsStepsFromTheStart()
    {
        var schedule = new LearningRateSchedule(new ScheduleSettings { PerIteration = true }, epochs: 3, stepsPerEpoch: 7);

        schedule.PositionOf(2, 4).Should().Be(18);
    }

    [Fact]
    public void PositionOf_PerEpoch_IsTheEpoch()
    {
        var schedule = new LearningRateSchedule(new ScheduleSettings(), epochs: 3, stepsPerEpoch: 7);

        schedule.PositionOf(2, 4).Should().Be(2);
    }

    [Fact]
    public void Constructor_CosineWarmupAsLongAsTraining_ThrowsNamingTheOption()
    {
        var act = () => new LearningRateSchedule(new ScheduleSettings { WarmupEpochs = 5 }, epochs: 5, stepsPerEpoch: 3);

        act.Should().Throw<ArgumentException>().WithMessage("Schedule.WarmupEpochs must be below Epochs (5) for cosine decay, got 5.*");
    }

    private static ScheduleSettings Settings(JsonElement c) => new()
    {
        Decay = c.GetProperty("scheduler").GetString() == "cosine" ? LearningRateDecay.Cosine : LearningRateDecay.Step,
        PerIteration = c.GetProperty("per_iteration").GetBoolean(),
        WarmupEpochs = c.GetProperty("warmup_epochs").GetInt32(),
        WarmupMethod = c.GetProperty("warmup_method").GetString() == "linear" ? WarmupMethod.Linear : WarmupMethod.Constant,
        WarmupDecay = c.GetProperty("warmup_decay").GetDouble(),
        MinLearningRate = c.GetProperty("lr_min").GetDouble(),
        StepSize = Math.Max(1, c.GetProperty("step_size").GetInt32()),
        Gamma = c.GetProperty("gamma").GetDouble() is > 0 and var g ? g : 0.1,
    };
}
