using System.Linq;
using FluentAssertions;
using Xunit;
using static TorchSharp.torch;

namespace TorchCheckpoints.Tests;

public sealed class ModuleStateDictTests
{
    [Fact]
    public void InPyTorchOrder_BatchNorm_ListsItsTensorsAsPyTorchSavedThem()
    {
        using var batchNorm = nn.BatchNorm2d(3);

        var keys = ModuleStateDict.InPyTorchOrder(batchNorm).Select(e => "bn." + e.Key);

        keys.Should().Equal(DtypesFixture.Entries.Select(e => e.Key).Where(k => k.StartsWith("bn.", System.StringComparison.Ordinal)));
    }

    [Fact]
    public void InPyTorchOrder_NestedModules_GivesEachModulesParametersThenBuffersDepthFirst()
    {
        using var model = nn.Sequential(
            ("features", nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4))),
            ("fc", nn.Linear(4, 2)));

        var keys = ModuleStateDict.InPyTorchOrder(model).Select(e => e.Key);

        keys.Should().Equal(
            "features.0.weight", "features.0.bias",
            "features.1.weight", "features.1.bias", "features.1.running_mean", "features.1.running_var", "features.1.num_batches_tracked",
            "fc.weight", "fc.bias");
        model.state_dict().Keys.Should().BeEquivalentTo(keys, "the same entries as TorchSharp's state_dict, in another order");
    }
}
