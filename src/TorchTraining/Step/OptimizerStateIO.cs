using System.Collections.Generic;
using System.Linq;
using TorchShared;
using TorchSharp.Modules;
using TorchTraining.Checkpoints;
using static TorchSharp.torch;

namespace TorchTraining.Step;

/// <summary>
/// The per-parameter state of SGD (momentum buffer) and AdamW (step count, first and second moments) as named tensors,
/// <c>&lt;parameter&gt;/&lt;field&gt;</c>. Written by hand rather than with TorchSharp's <c>save_state_dict</c>,
/// whose stream is positional and also overwrites the groups' options: named entries can be checked against the
/// model before anything is loaded, and a mismatch named.
/// </summary>
internal static class OptimizerStateIO
{
    private const string MomentumBuffer = "momentum_buffer";
    private const string StepCount = "step";
    private const string ExpAvg = "exp_avg";
    private const string ExpAvgSq = "exp_avg_sq";

    /// <summary>The state as named tensors; the step counts are new tensors (in <paramref name="owned"/>), the others belong to the optimizer.</summary>
    public static Dictionary<string, Tensor> Export(optim.Optimizer optimizer, IReadOnlyList<ParameterGroup> groups, List<Tensor> owned)
    {
        var entries = new Dictionary<string, Tensor>();
        foreach (var (name, state) in Pairs(optimizer, groups))
        {
            switch (state)
            {
                case SGD.State sgd when sgd.momentum_buffer is not null:
                    entries.Add($"{name}/{MomentumBuffer}", sgd.momentum_buffer);
                    break;
                case AdamW.State adam:
                    var step = tensor(adam.step).DetachFromDisposeScope();
                    owned.Add(step);
                    entries.Add($"{name}/{StepCount}", step);
                    entries.Add($"{name}/{ExpAvg}", adam.exp_avg);
                    entries.Add($"{name}/{ExpAvgSq}", adam.exp_avg_sq);
                    break;
            }
        }

        return entries;
    }

    /// <summary>How <paramref name="saved"/> does not fit the optimizer's parameters; empty when it fits.</summary>
    public static IReadOnlyList<string> Mismatches(OptimizerKind kind, IReadOnlyList<ParameterGroup> groups, IReadOnlyDictionary<string, Tensor> saved)
    {
        var parameters = groups.SelectMany(g => g.ParameterNames.Zip(g.Parameters)).ToDictionary(p => p.First, p => p.Second);
        var fields = kind == OptimizerKind.Sgd ? new[] { MomentumBuffer } : [StepCount, ExpAvg, ExpAvgSq];
        var problems = new List<string>();
        foreach (var (key, value) in saved)
        {
            var slash = key.LastIndexOf('/');
            var name = slash < 0 ? key : key[..slash];
            var field = slash < 0 ? "" : key[(slash + 1)..];
            if (!parameters.TryGetValue(name, out var parameter))
            {
                problems.Add($"the optimizer state names '{name}', which is not a trained parameter");
            }
            else if (!fields.Contains(field))
            {
                problems.Add($"'{key}' is not {kind} state");
            }
            else if (field == StepCount ? value.numel() != 1 : !value.shape.SequenceEqual(parameter.shape))
            {
                problems.Add($"the optimizer's '{key}' is {ShapeText.Format(value.shape)} but '{name}' is {ShapeText.Format(parameter.shape)}");
            }
        }

        if (kind == OptimizerKind.AdamW)
        {
            problems.AddRange(parameters.Keys.Where(n => saved.ContainsKey($"{n}/{StepCount}") != saved.ContainsKey($"{n}/{ExpAvg}") || saved.ContainsKey($"{n}/{ExpAvg}") != saved.ContainsKey($"{n}/{ExpAvgSq}"))
                .Select(n => $"the AdamW state of '{n}' is incomplete"));
        }

        return problems;
    }

    /// <summary>Loads <paramref name="saved"/> (checked with <see cref="Mismatches"/>) into the optimizer; parameters without saved state start fresh.</summary>
    public static void Import(optim.Optimizer optimizer, IReadOnlyList<ParameterGroup> groups, TensorSet saved)
    {
        using var noGrad = no_grad();
        var devices = groups.SelectMany(g => g.ParameterNames.Zip(g.Parameters)).ToDictionary(p => p.First, p => p.Second.device);
        foreach (var (name, state) in Pairs(optimizer, groups))
        {
            switch (state)
            {
                case SGD.State sgd:
                    sgd.momentum_buffer?.Dispose();
                    sgd.momentum_buffer = saved.ContainsKey($"{name}/{MomentumBuffer}")
                        ? saved.Take($"{name}/{MomentumBuffer}").to(devices[name], disposeAfter: true).DetachFromDisposeScope()
                        : null;
                    break;
                case AdamW.State adam when saved.ContainsKey($"{name}/{StepCount}"):
                    adam.step = saved[$"{name}/{StepCount}"].item<long>();
                    adam.exp_avg.copy_(saved[$"{name}/{ExpAvg}"]);
                    adam.exp_avg_sq.copy_(saved[$"{name}/{ExpAvgSq}"]);
                    break;
                case AdamW.State adam:
                    adam.step = 0;
                    adam.exp_avg.zero_();
                    adam.exp_avg_sq.zero_();
                    break;
            }
        }
    }

    /// <summary>Each trained parameter's name with its optimizer state, in the optimizer's order (group by group).</summary>
    private static IEnumerable<(string Name, OptimizerState State)> Pairs(optim.Optimizer optimizer, IReadOnlyList<ParameterGroup> groups) =>
        groups.SelectMany(g => g.ParameterNames).Zip(((OptimizerHelper)optimizer).state_dict().State);
}
