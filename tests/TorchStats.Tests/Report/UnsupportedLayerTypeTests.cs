using FluentAssertions;
using Xunit;

namespace TorchStats.Tests.Report;

public sealed class UnsupportedLayerTypeTests
{
    [Fact]
    public void ToString_NamesTheTypeItsRowsAndTheReasons()
    {
        var type = new UnsupportedLayerType("Sigmoid", ["features.3", "head.act"], ["No counter is registered for Sigmoid."]);

        type.ToString().Should().Be("Sigmoid (features.3, head.act): No counter is registered for Sigmoid.");
    }

    [Fact]
    public void ToString_WithoutReasons_NamesTheTypeAndItsRows()
    {
        new UnsupportedLayerType("Mish", ["act"], []).ToString().Should().Be("Mish (act)");
    }
}
