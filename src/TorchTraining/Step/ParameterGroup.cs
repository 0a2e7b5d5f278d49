using System.Collections.Generic;
using TorchSharp.Modules;

namespace TorchTraining.Step;

/// <summary>One parameter group of the optimizer: which parameters, their weight decay and their learning-rate scale.</summary>
public sealed class ParameterGroup
{
    internal ParameterGroup(string name, IReadOnlyList<string> parameterNames, IReadOnlyList<Parameter> parameters, double weightDecay, double learningRateScale, bool isBackbone)
    {
        Name = name;
        ParameterNames = parameterNames;
        Parameters = parameters;
        WeightDecay = weightDecay;
        LearningRateScale = learningRateScale;
        IsBackbone = isBackbone;
    }

    /// <summary>
    /// <c>other</c>, <c>norm</c> or <c>bias</c> (torchvision's names), prefixed by <c>backbone.</c> or
    /// <c>classifier.</c> when fine-tuning.
    /// </summary>
    public string Name { get; }

    /// <summary>The names of the group's parameters (state_dict keys), in the model's order.</summary>
    public IReadOnlyList<string> ParameterNames { get; }

    /// <summary>The group's weight decay.</summary>
    public double WeightDecay { get; }

    /// <summary>The group's base learning rate as a multiple of the optimizer's (below 1 for a slower backbone).</summary>
    public double LearningRateScale { get; }

    /// <summary>Whether the group belongs to the backbone when fine-tuning (false without fine-tuning).</summary>
    public bool IsBackbone { get; }

    internal IReadOnlyList<Parameter> Parameters { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {ParameterNames.Count} parameters, weight decay {OptionGuard.Format(WeightDecay)}, lr x{OptionGuard.Format(LearningRateScale)}";
}
