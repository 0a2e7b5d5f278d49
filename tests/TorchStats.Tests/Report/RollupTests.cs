using System;
using System.Linq;
using FluentAssertions;
using ShuffleNet.Torch;
using Xunit;

namespace TorchStats.Tests.Report;

public sealed class RollupTests
{
    private static readonly Lazy<StatisticsReport> Seed = new(() =>
    {
        using var model = ShuffleNetV2.Create();
        return ModelStatistics.Analyze(model, [1, 3, 224, 224]);
    });

    [Fact]
    public void Rollup_DepthOne_GivesTheTopLevelModules()
    {
        Seed.Value.Rollup(1).Select(g => g.Name).Should().Equal("conv1", "maxpool", "inverted_block", "conv5", "fc");
    }

    [Fact]
    public void Rollup_DepthTwo_GivesTheStemEachInvertedBlockAndTheHead()
    {
        var expected = new[] { "conv1", "maxpool" }.Concat(Enumerable.Range(0, 16).Select(i => $"inverted_block.{i}")).Concat(["conv5", "fc"]);

        Seed.Value.Rollup(2).Select(g => g.Name).Should().Equal(expected);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(9)]
    public void Rollup_AnyDepth_SumsToTheTotalsAndSharesToOne(int depth)
    {
        var report = Seed.Value;

        var groups = report.Rollup(depth);

        groups.Sum(g => g.Layers).Should().Be(report.Rows.Count);
        groups.Sum(g => g.MAdd).Should().Be(report.Totals.MAdd);
        groups.Sum(g => g.Flops).Should().Be(report.Totals.Flops);
        groups.Sum(g => g.Macs).Should().Be(report.Totals.Macs);
        groups.Sum(g => g.Parameters).Should().Be(report.Totals.Parameters);
        groups.Sum(g => g.MAddShare).Should().BeApproximately(1, 1e-12);
        groups.Sum(g => g.ParameterShare).Should().BeApproximately(1, 1e-12);
    }

    [Fact]
    public void Rollup_DepthTwo_FcHoldsItsShareOfTheParameters()
    {
        var fc = Seed.Value.Rollup(2).Single(g => g.Name == "fc");

        fc.Parameters.Should().Be(1_025_000);
        fc.ParameterShare.Should().BeApproximately(1_025_000 / 2_278_604.0, 1e-15);
    }

    [Fact]
    public void Rollup_DepthThree_KeepsLayersOfAUnitTogetherUnderTheirBranch()
    {
        var names = Seed.Value.Rollup(3).Select(g => g.Name).ToList();

        names.Should().Contain(["inverted_block.0.branch1", "inverted_block.0.branch2", "inverted_block.1", "inverted_block.1.branch2"]);
        names.Should().NotContain("inverted_block.1.branch1", "the empty identity branch is a layer, grouped with its unit");
    }

    [Fact]
    public void Rollup_DepthZero_ThrowsNamingTheDepth()
    {
        var act = () => Seed.Value.Rollup(0);

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*depth must be 1 or more, got 0*");
    }
}
