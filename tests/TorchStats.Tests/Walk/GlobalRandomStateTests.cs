using FluentAssertions;
using TorchStats.Tests.Support;
using Xunit;
using static TorchSharp.torch;

namespace TorchStats.Tests.Walk;

[CollectionDefinition(nameof(GlobalRandomStateTests), DisableParallelization = true)]
public sealed class RunsAlone;

/// <summary>The input comes from a private generator; this runs alone because every test shares the global one.</summary>
[Collection(nameof(GlobalRandomStateTests))]
public sealed class GlobalRandomStateTests
{
    [Fact]
    public void Analyze_Model_DoesNotTouchTheGlobalRandomState()
    {
        using var model = new ZooNet();
        manual_seed(7);
        var expected = rand(4).data<float>().ToArray();
        manual_seed(7);

        ModelStatistics.Analyze(model, [1, 3, 20, 24]);

        rand(4).data<float>().ToArray().Should().Equal(expected);
    }
}
