using System;
using System.Linq;
using System.Text.Json;
using FluentAssertions;
using TorchSharp.Modules;
using TorchTraining.Step;
using TorchTraining.Tests.Support;
using Xunit;
using static TorchSharp.torch;

namespace TorchTraining.Tests.Step;

/// <summary>
/// The optimizers as the trainer builds them (one group with weight decay, one without; the rate set per step as a
/// schedule does) against PyTorch 1.13's SGD (Nesterov) and AdamW on the same parameters and gradients.
/// </summary>
public sealed class OptimizerTests
{
    [Theory]
    [InlineData("sgd_nesterov")]
    [InlineData("adamw")]
    public void Step_FourStepsWithGroupsAndChangingRates_EqualsPyTorch(string name)
    {
        var fixture = Fixtures.Read("step.json").GetProperty("optimizers");
        var expected = fixture.GetProperty(name);
        var rates = Fixtures.Doubles(fixture.GetProperty("learning_rates"));
        using var weight = new Parameter(tensor(Fixtures.FloatArray(fixture.GetProperty("initial").GetProperty("weight")), [3, 4]));
        using var bias = new Parameter(tensor(Fixtures.FloatArray(fixture.GetProperty("initial").GetProperty("bias")), [4]));
        var settings = Settings(name, expected, rates[0]);
        var groups = new[]
        {
            new ParameterGroup("other", ["weight"], [weight], settings.WeightDecay, 1.0, false),
            new ParameterGroup("bias", ["bias"], [bias], 0.0, 1.0, false),
        };
        using var optimizer = OptimizerFactory.Create(settings, groups);

        var step = 0;
        foreach (var (gradient, after) in fixture.GetProperty("gradients").EnumerateArray().Zip(expected.GetProperty("after").EnumerateArray()))
        {
            using var scope = NewDisposeScope();
            foreach (var group in optimizer.ParamGroups)
            {
                group.LearningRate = rates[step];
            }

            optimizer.zero_grad();
            var loss = (weight * tensor(Fixtures.FloatArray(gradient.GetProperty("weight")), [3, 4])).sum() + (bias * tensor(Fixtures.FloatArray(gradient.GetProperty("bias")), [4])).sum();
            loss.backward();
            optimizer.step();

            ShouldEqual(weight, Fixtures.FloatArray(after.GetProperty("weight")), $"weight after step {step}");
            ShouldEqual(bias, Fixtures.FloatArray(after.GetProperty("bias")), $"bias after step {step}");
            step++;
        }
    }

    private static OptimizerSettings Settings(string name, JsonElement expected, double rate) => name == "adamw"
        ? new OptimizerSettings
        {
            Kind = OptimizerKind.AdamW,
            LearningRate = rate,
            WeightDecay = expected.GetProperty("weight_decay").GetDouble(),
            Beta1 = expected.GetProperty("beta1").GetDouble(),
            Beta2 = expected.GetProperty("beta2").GetDouble(),
            Epsilon = expected.GetProperty("eps").GetDouble(),
        }
        : new OptimizerSettings
        {
            Kind = OptimizerKind.Sgd,
            LearningRate = rate,
            Nesterov = true,
            Momentum = expected.GetProperty("momentum").GetDouble(),
            WeightDecay = expected.GetProperty("weight_decay").GetDouble(),
        };

    private static void ShouldEqual(Tensor actual, float[] expected, string because)
    {
        using var detached = actual.detach();
        var values = detached.data<float>().ToArray();
        for (var i = 0; i < expected.Length; i++)
        {
            Math.Abs(values[i] - expected[i]).Should().BeLessThanOrEqualTo((1e-6f * Math.Abs(expected[i])) + 1e-7f, because);
        }
    }
}
