using System;
using System.Linq;
using FluentAssertions;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Tests.Reliability;

public sealed class DisposalTests
{
    [Fact]
    public void Dispose_Model_ReleasesEveryParameterAndBuffer()
    {
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5);
        var tensors = model.parameters().Count() + model.buffers().Count();
        DisposeScopeManager.Statistics.ThreadTotalLiveCount.Should().Be(before + tensors);

        model.Dispose();

        DisposeScopeManager.Statistics.ThreadTotalLiveCount.Should().Be(before);
    }

    [Fact]
    public void Dispose_Twice_IsHarmless()
    {
        var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5);
        model.Dispose();

        var act = model.Dispose;

        act.Should().NotThrow();
    }

    [Fact]
    public void Call_DisposedUnit_ThrowsObjectDisposedException()
    {
        using var scope = NewDisposeScope();
        var unit = new InvertedResidual(8, 8, 1);
        unit.Dispose();

        var act = () => unit.call(rand(1, 8, 4, 4));

        act.Should().Throw<ObjectDisposedException>().Which.ObjectName.Should().Contain(nameof(InvertedResidual));
    }
}
