using System;
using System.Collections.Generic;
using static TorchSharp.torch;

namespace TorchShared;

/// <summary>Saves each module's own train/eval flag, switches the model to eval, and puts every flag back on dispose.</summary>
internal sealed class TrainingModes : IDisposable
{
    private const int MaxRestorePasses = 4;
    private readonly List<(nn.Module Module, bool Training)> _saved;

    private TrainingModes(List<(nn.Module Module, bool Training)> saved) => _saved = saved;

    /// <summary>Saves the flags of the model and every module below it, then switches the model to eval mode (when any module trains).</summary>
    public static TrainingModes SwitchToEval(nn.Module model)
    {
        var saved = new List<(nn.Module Module, bool Training)> { (model, model.training) };
        foreach (var (_, module) in model.named_modules())
        {
            saved.Add((module, module.training));
        }

        var modes = new TrainingModes(saved);
        if (saved.Exists(s => s.Training))
        {
            try
            {
                model.eval();
            }
            catch
            {
                modes.Dispose();
                throw;
            }
        }

        return modes;
    }

    /// <summary>
    /// Puts every module's flag back. <c>train(flag)</c> recurses into children, so the flags are set parent first
    /// (TorchSharp lists a module before its descendants) and only where they differ; a module shared by two parents
    /// can be overwritten by the second, hence a few passes until nothing differs.
    /// </summary>
    public void Dispose()
    {
        for (var pass = 0; pass < MaxRestorePasses; pass++)
        {
            var changed = false;
            foreach (var (module, training) in _saved)
            {
                if (module.training != training)
                {
                    module.train(training);
                    changed = true;
                }
            }

            if (!changed)
            {
                return;
            }
        }
    }
}
