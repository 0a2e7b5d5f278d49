using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchTraining.Step;

/// <summary>
/// Splits a model's trainable parameters into optimizer groups as torchvision's <c>set_weight_decay</c> does: a
/// parameter named <c>bias</c> goes to <c>bias</c> (when its decay is set), else one owned by a normalisation layer to
/// <c>norm</c> (when its decay is set), else to <c>other</c>; with fine-tuning, each of those splits again into backbone
/// and classifier. Parameters that need no gradient are left out, as torchvision leaves them out.
/// </summary>
internal static class ParameterGrouping
{
    private const string Other = "other";
    private const string Norm = "norm";
    private const string Bias = "bias";

    public static IReadOnlyList<ParameterGroup> Build(nn.Module model, OptimizerSettings optimizer, FineTuningSettings? fineTuning)
    {
        var members = new List<(string Name, Parameter Parameter, string Kind)>();
        var seen = new HashSet<IntPtr>();
        Collect(model, "", optimizer, members, seen);
        if (members.Count == 0)
        {
            throw new ArgumentException("The model has no trainable parameters (every parameter has requires_grad = false).", nameof(model));
        }

        if (fineTuning is not null && !members.Any(m => IsClassifier(m.Name, fineTuning)))
        {
            var examples = string.Join(", ", members.Select(m => m.Name).Take(6));
            throw new ArgumentException(
                $"FineTuning.ClassifierPrefix '{fineTuning.ClassifierPrefix}' matches no trainable parameter (parameters: {examples}{(members.Count > 6 ? ", ..." : "")}).",
                nameof(fineTuning));
        }

        var groups = new List<ParameterGroup>();
        foreach (var backbone in fineTuning is null ? [false] : new[] { true, false })
        {
            foreach (var kind in new[] { Other, Norm, Bias })
            {
                var chosen = members.Where(m => m.Kind == kind && (fineTuning is null || IsClassifier(m.Name, fineTuning) != backbone)).ToArray();
                if (chosen.Length == 0)
                {
                    continue;
                }

                var name = fineTuning is null ? kind : $"{(backbone ? "backbone" : "classifier")}.{kind}";
                var scale = backbone ? fineTuning!.BackboneLearningRateScale : 1.0;
                groups.Add(new ParameterGroup(name, chosen.Select(m => m.Name).ToArray(), chosen.Select(m => m.Parameter).ToArray(), WeightDecayOf(kind, optimizer), scale, backbone));
            }
        }

        return groups;
    }

    private static bool IsClassifier(string name, FineTuningSettings fineTuning) => name.StartsWith(fineTuning.ClassifierPrefix, StringComparison.Ordinal);

    private static double WeightDecayOf(string kind, OptimizerSettings optimizer) => kind switch
    {
        Bias => optimizer.BiasWeightDecay!.Value,
        Norm => optimizer.NormWeightDecay!.Value,
        _ => optimizer.WeightDecay,
    };

    private static void Collect(nn.Module module, string prefix, OptimizerSettings optimizer, List<(string, Parameter, string)> members, HashSet<IntPtr> seen)
    {
        foreach (var (name, parameter) in module.named_parameters(recurse: false))
        {
            if (!parameter.requires_grad || !seen.Add(parameter.Handle))
            {
                continue;
            }

            var kind = optimizer.BiasWeightDecay is not null && name == Bias ? Bias
                : optimizer.NormWeightDecay is not null && NormalizationLayers.Contains(module) ? Norm
                : Other;
            members.Add((prefix.Length == 0 ? name : $"{prefix}.{name}", parameter, kind));
        }

        foreach (var (childName, child) in module.named_children())
        {
            Collect(child, prefix.Length == 0 ? childName : $"{prefix}.{childName}", optimizer, members, seen);
        }
    }
}
