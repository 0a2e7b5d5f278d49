using System;
using System.Linq;
using FluentAssertions;
using ShuffleNet.Torch.Pretrained;
using TorchStats;
using Xunit;

namespace ShuffleNet.Torch.Tests.Pretrained;

/// <summary>The registry's counts are those of the networks this library builds, as torchvision's tests check its metadata.</summary>
public sealed class RegistryLiveModelTests
{
    [Theory]
    [InlineData(ShuffleNetV2Width.X0_5)]
    [InlineData(ShuffleNetV2Width.X1_0)]
    [InlineData(ShuffleNetV2Width.X1_5)]
    [InlineData(ShuffleNetV2Width.X2_0)]
    public void NumParams_Width_IsTheParameterCountOfCreate(ShuffleNetV2Width width)
    {
        var entry = ShuffleNetV2Weights.Default(width);
        using var model = ShuffleNetV2.Create(width, numClasses: entry.Categories.Count);

        model.parameters().Sum(p => p.numel()).Should().Be(entry.NumParams);
    }

    [Theory]
    [InlineData(ShuffleNetV2Width.X0_5)]
    [InlineData(ShuffleNetV2Width.X1_0)]
    [InlineData(ShuffleNetV2Width.X1_5)]
    [InlineData(ShuffleNetV2Width.X2_0)]
    public void GFlops_Width_IsTorchStatsMacsAt224RoundedToThreeDecimals(ShuffleNetV2Width width)
    {
        var entry = ShuffleNetV2Weights.Default(width);
        using var model = ShuffleNetV2.Create(width, numClasses: entry.Categories.Count);

        var macs = ModelStatistics.Analyze(model, [1, 3, entry.Transforms.CropHeight, entry.Transforms.CropWidth]).Totals.Macs;

        // torchvision's script: round(flops / 1e9, 3), Python's round half to even like Math.Round's default.
        Math.Round(macs / 1e9, 3).Should().Be(entry.GFlops, $"{macs:N0} MACs");
    }
}
