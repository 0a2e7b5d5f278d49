using System;
using System.Linq;
using FluentAssertions;
using Xunit;
using static TorchSharp.torch.nn;

namespace TorchStats.Tests.Walk;

public sealed class ModuleTreeTests
{
    [Fact]
    public void Analyze_NestedContainers_RowsFollowPyTorchsDepthFirstOrder()
    {
        // TorchSharp's named_modules() is breadth-first (x, y, x.p); PyTorch's, and torchstat's rows, are depth-first.
        using var model = Sequential(("x", Sequential(("p", ReLU()))), ("y", ReLU()));

        var rows = ModelStatistics.Analyze(model, [1, 4]).Rows;

        rows.Select(r => r.Name).Should().Equal("x.p", "y");
    }

    [Fact]
    public void Analyze_ModuleRegisteredTwice_IsOneRowUnderItsFirstNameWithTheLastCall()
    {
        using var shared = ReLU();
        using var model = Sequential(("a", shared), ("flat", Flatten()), ("b", shared));

        var rows = ModelStatistics.Analyze(model, [2, 3, 4]).Rows;

        rows.Select(r => r.Name).Should().Equal("a", "flat");
        rows[0].Calls.Should().Be(2);
        rows[0].InputShape.Should().Equal(2, 12);
        rows[0].MAdd.Should().Be(12, "the last call's numbers, as torchstat keeps them");
    }

    [Fact]
    public void Analyze_ModelThatIsASingleLayer_IsOneRowWithAnEmptyName()
    {
        using var conv = Conv2d(3, 2, kernel_size: 1, bias: false);

        var report = ModelStatistics.Analyze(conv, [1, 3, 4, 4]);

        report.Rows.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Name = string.Empty, TypeName = "Conv2d", Parameters = 6L, MAdd = (3 + 2) * 16 * 2L });
        report.ToTable().Should().Contain("Total params: 6");
    }

    [Fact]
    public void LayerCall_NegativeSizeOrElementSize_ThrowsNamingTheValue()
    {
        var shape = () => new LayerCall([1, -2], [1, 2], 4);
        var size = () => new LayerCall([1, 2], [1, 2], 0);

        shape.Should().Throw<ArgumentException>().WithMessage("*inputShape must have no negative size, got [1, -2]*");
        size.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*elementSize must be positive, got 0*");
    }
}
