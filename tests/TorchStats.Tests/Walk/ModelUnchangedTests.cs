using System.Collections.Generic;
using System.Linq;
using FluentAssertions;
using ShuffleNet.Torch;
using TorchStats.Tests.Support;
using Xunit;
using static TorchSharp.torch;

namespace TorchStats.Tests.Walk;

/// <summary>The walk leaves the model as it found it: state_dict, buffers, each module's own mode, hooks.</summary>
public sealed class ModelUnchangedTests
{
    [Fact]
    public void Analyze_ModelInMixedModes_RestoresEachModulesOwnFlag()
    {
        using var model = ShuffleNetV2.Create([1, 1, 1], [8, 16, 32, 64, 128], numClasses: 5);
        model.train();
        var modules = model.modules().ToList();
        modules[1].eval();   // conv1.0 alone in eval
        modules[^1].eval();  // fc
        var before = modules.Prepend(model).Select(m => m.training).ToList();

        ModelStatistics.Analyze(model, [2, 3, 32, 32]);

        modules.Prepend(model).Select(m => m.training).Should().Equal(before);
        before.Should().Contain(true).And.Contain(false);
    }

    [Fact]
    public void Analyze_ModelInTrainMode_LeavesStateDictAndBuffersUnchanged()
    {
        using var model = ShuffleNetV2.Create([1, 1, 1], [8, 16, 32, 64, 128], numClasses: 5);
        model.train();
        var keys = model.state_dict().Keys.ToList();
        var values = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        var buffers = model.named_buffers().Select(b => b.name).ToList();

        ModelStatistics.Analyze(model, [2, 3, 32, 32]);

        model.state_dict().Keys.Should().Equal(keys);
        model.named_buffers().Select(b => b.name).Should().Equal(buffers);
        ModelState.ValuesEqual(values, model.state_dict()).Should().BeTrue("BatchNorm ran in eval mode: running statistics unchanged");
    }

    [Fact]
    public void Analyze_Model_LeavesNoHooksBehind()
    {
        using var model = new ZooNet();
        var userHook = 0;
        var handle = ((TorchSharp.torch.nn.Module<Tensor, Tensor>)model.modules().First()).register_forward_hook((_, _, _) =>
        {
            userHook++;
            return null!;
        });

        var hooksBefore = Hooks.CountInTree(model);
        ModelStatistics.Analyze(model, [1, 3, 20, 24]);

        Hooks.CountInTree(model).Should().Be(hooksBefore).And.Be(1, "only the user's own hook is left");
        userHook.Should().Be(1, "the user's hook still fires during the analysis");
        handle.remove();
    }

    [Fact]
    public void Analyze_Model_LaterForwardIsNotObservedAnymore()
    {
        using var model = new ZooNet();
        var report = ModelStatistics.Analyze(model, [1, 3, 20, 24]);
        var calls = new List<string>();
        foreach (var (name, module) in model.named_modules())
        {
            if (!module.children().Any() && module is TorchSharp.torch.nn.Module<Tensor, Tensor> leaf)
            {
                leaf.register_forward_hook((_, _, _) =>
                {
                    calls.Add(name);
                    return null!;
                });
            }
        }

        using (NewDisposeScope())
        using (no_grad())
        {
            model.eval();
            model.call(rand(1, 3, 20, 24));
        }

        calls.Should().HaveCount(report.Rows.Sum(r => r.Calls), "each leaf call fires exactly the one counting hook");
        Hooks.CountInTree(model).Should().Be(report.Rows.Count, "one counting hook per leaf, the walk's are gone");
    }

    [Fact]
    public void Analyze_Twice_GivesIdenticalNumbers()
    {
        using var model = new ZooNet();

        var first = ModelStatistics.Analyze(model, [1, 3, 20, 24]);
        var second = ModelStatistics.Analyze(model, [1, 3, 20, 24]);

        second.Rows.Select(r => r with { Duration = default }).Should().Equal(first.Rows.Select(r => r with { Duration = default }), "rows compare shapes by value");
        (second.Totals with { Duration = default }).Should().Be(first.Totals with { Duration = default });
    }
}
