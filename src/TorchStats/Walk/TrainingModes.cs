namespace TorchStats;

/// <summary>Saves each module's own train/eval flag, switches the model to eval, and puts every flag back.</summary>
internal sealed class TrainingModes
{
    private const int MaxRestorePasses = 4;
    private readonly ModuleTree _tree;
    private readonly bool[] _saved;

    private TrainingModes(ModuleTree tree, bool[] saved)
    {
        _tree = tree;
        _saved = saved;
    }

    public static TrainingModes Capture(ModuleTree tree)
    {
        var saved = new bool[tree.Nodes.Count];
        for (var i = 0; i < saved.Length; i++)
        {
            saved[i] = tree.Nodes[i].Module.training;
        }

        return new TrainingModes(tree, saved);
    }

    public void SetEval()
    {
        if (System.Array.IndexOf(_saved, true) >= 0)
        {
            _tree.Nodes[0].Module.eval();
        }
    }

    /// <summary>
    /// Puts every module's flag back. <c>train(flag)</c> recurses into children, so the flags are set in pre-order (a
    /// child after its parent) and only where they differ; a module shared by two parents can be overwritten by the
    /// second, hence a few passes until nothing differs.
    /// </summary>
    public void Restore()
    {
        for (var pass = 0; pass < MaxRestorePasses; pass++)
        {
            var changed = false;
            for (var i = 0; i < _saved.Length; i++)
            {
                var module = _tree.Nodes[i].Module;
                if (module.training != _saved[i])
                {
                    module.train(_saved[i]);
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
