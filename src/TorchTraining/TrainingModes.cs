using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace TorchTraining;

/// <summary>Remembers the train/eval flag of every module of a model and puts each back on dispose.</summary>
internal sealed class TrainingModes : IDisposable
{
    private readonly List<(nn.Module Module, bool Training)> _saved;

    private TrainingModes(List<(nn.Module, bool)> saved) => _saved = saved;

    /// <summary>Saves the flags, then switches the whole model to eval mode.</summary>
    public static TrainingModes SwitchToEval(nn.Module model)
    {
        var saved = new List<(nn.Module, bool)> { (model, model.training) };
        saved.AddRange(model.named_modules().Select(m => (m.module, m.module.training)));
        model.eval();
        return new TrainingModes(saved);
    }

    /// <summary>
    /// Restores the flags parent first (TorchSharp's named_modules lists a parent before its descendants), since
    /// <c>train(flag)</c> also sets the children.
    /// </summary>
    public void Dispose()
    {
        foreach (var (module, training) in _saved)
        {
            if (module.training != training)
            {
                module.train(training);
            }
        }
    }
}
