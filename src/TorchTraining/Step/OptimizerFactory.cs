using System.Collections.Generic;
using System.Linq;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchTraining.Step;

/// <summary>
/// Builds TorchSharp's SGD or AdamW over the parameter groups. Both follow PyTorch 1.13's single-tensor update rules
/// (SGD: weight decay added to the gradient, momentum buffer started from the first gradient, Nesterov's
/// <c>g + momentum * buf</c>; AdamW: decoupled decay <c>p *= 1 - lr * wd</c>, bias-corrected moments), checked
/// against PyTorch in the tests.
/// </summary>
internal static class OptimizerFactory
{
    public static optim.Optimizer Create(OptimizerSettings settings, IReadOnlyList<ParameterGroup> groups) => settings.Kind switch
    {
        OptimizerKind.Sgd => new SGD(
            groups.Select(g => new SGD.ParamGroup(g.Parameters, settings.LearningRate * g.LearningRateScale, settings.Momentum, 0, g.WeightDecay, settings.Nesterov)).ToArray(),
            settings.LearningRate, settings.Momentum, 0, settings.WeightDecay, settings.Nesterov),
        _ => new AdamW(
            groups.Select(g => new AdamW.ParamGroup(g.Parameters, settings.LearningRate * g.LearningRateScale, settings.Beta1, settings.Beta2, settings.Epsilon, g.WeightDecay)).ToArray(),
            settings.LearningRate, settings.Beta1, settings.Beta2, settings.Epsilon, settings.WeightDecay),
    };

    /// <summary>Sets every group's learning rate from the schedule; groups are in the order of <paramref name="groups"/>.</summary>
    public static void SetLearningRates(optim.Optimizer optimizer, IReadOnlyList<ParameterGroup> groups, LearningRateSchedule schedule, double baseLearningRate, int position)
    {
        var i = 0;
        foreach (var group in optimizer.ParamGroups)
        {
            group.LearningRate = schedule.LearningRate(baseLearningRate * groups[i].LearningRateScale, position);
            i++;
        }
    }
}
