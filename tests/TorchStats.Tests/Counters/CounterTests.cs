using System;
using System.Linq;
using FluentAssertions;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TorchStats.Tests.Counters;

/// <summary>
/// One tiny module per rule, numbers derived by hand from torchstat's formulas (see docs/statistics.md), checked through
/// a real analysis (so the recorded shapes are part of the test). B = batch, float32 = 4 bytes per element.
/// </summary>
public sealed class CounterTests
{
    [Fact]
    public void Conv2d_GroupedWithBias_CountsTorchstatsFormulas()
    {
        // [2,2,5,5] -> [2,4,5,5], k 3, g 2: K = 9·(2/2) = 9; MAdd = (9 + 9−1+1)·5·5·4 = 1800
        // Flops = 9·2·(4/2)·(2·25) + bias 4·(2·25) = 1800 + 200; params 4·1·9 + 4 = 40
        // read = 2·(50 + 40) = 180 elements; write = 2·4·25 = 200; MACs = 9·4·(2·25) = 1800
        var row = Single(Conv2d(2, 4, kernel_size: 3, padding: 1, groups: 2, bias: true), 2, 2, 5, 5);

        row.OutputShape.Should().Equal(2, 4, 5, 5);
        Numbers(row).Should().Be((40L, 1800L, 2000L, 720L, 800L, 1800L));
    }

    [Fact]
    public void Conv2d_StridedDilatedWithoutBias_CountsTorchstatsFormulas()
    {
        // [1,3,8,8] -> [1,6,4,4] (stride 2, padding 2, dilation 2): K = 27; MAdd = (27 + 26)·4·4·6 = 5088
        // Flops = 9·3·6·16 = 2592; params 162; read = 192 + 162 = 354; write = 96; MACs 2592
        var row = Single(Conv2d(3, 6, kernel_size: 3, stride: 2, padding: 2, dilation: 2, bias: false), 1, 3, 8, 8);

        row.OutputShape.Should().Equal(1, 6, 4, 4);
        Numbers(row).Should().Be((162L, 5088L, 2592L, 354L * 4, 96L * 4, 2592L));
    }

    [Fact]
    public void ConvTranspose2d_WithBias_CountsMAddOnInputPositionsAndMacs()
    {
        // [3,4,3,3] -> [3,2,6,6], k 2, s 2: K = 2·2·4 = 16; MAdd = (16 + 16)·3·3·2 = 576 (torchstat uses H_in·W_in)
        // Flops and memory: unsupported in torchstat, 0; MACs = 3·4·3·3·2·2·(2/1) = 864; params 4·2·4 + 2 = 34
        var row = Single(ConvTranspose2d(4, 2, kernel_size: 2, stride: 2, bias: true), 3, 4, 3, 3);

        row.OutputShape.Should().Equal(3, 2, 6, 6);
        Numbers(row).Should().Be((34L, 576L, 0L, 0L, 0L, 864L));
    }

    [Theory]
    [InlineData(true, 6, 192)]
    [InlineData(false, 0, 96)]
    public void BatchNorm2d_AffineOrNot_CountsTorchstatsFormulas(bool affine, long parameters, long flops)
    {
        // [2,3,4,4]: MAdd = 4·48 = 192; Flops = 96·(2 if affine else 1); read = 2·(48 + 2·3) = 108; write = 96
        var row = Single(BatchNorm2d(3, affine: affine), 2, 3, 4, 4);

        Numbers(row).Should().Be((parameters, 192L, flops, 108L * 4, 96L * 4, 0L));
    }

    [Fact]
    public void MaxPool2d_CountsComparisonsPerOutputAndInputElementsAsFlops()
    {
        // [1,3,8,8] -> [1,3,4,4], k 3: MAdd = (9−1)·48 = 384; Flops = numel(in) = 192; read 192; write 48
        var row = Single(MaxPool2d(kernel_size: 3, stride: 2, padding: 1), 1, 3, 8, 8);

        Numbers(row).Should().Be((0L, 384L, 192L, 192L * 4, 48L * 4, 0L));
    }

    [Fact]
    public void AvgPool2d_RectangularKernel_CountsAddsAndDivisionPerOutput()
    {
        // [1,2,5,6] -> [1,2,6,6], k 2×3, s 1, p 1: MAdd = (6−1+1)·72 = 432; Flops = numel(in) = 60; read 60; write 72
        var row = Single(AvgPool2d([2, 3], [1, 1], [1, 1]), 1, 2, 5, 6);

        row.OutputShape.Should().Equal(1, 2, 6, 6);
        Numbers(row).Should().Be((0L, 432L, 60L, 60L * 4, 72L * 4, 0L));
    }

    [Fact]
    public void ReLU_And_ReLU6_CountOneMAddPerSampleElement()
    {
        // [2,3,4]: MAdd = 12 (per sample); Flops = 24; read = write = 24
        Numbers(Single(ReLU(), 2, 3, 4)).Should().Be((0L, 12L, 24L, 96L, 96L, 0L));
        Numbers(Single(ReLU6(), 2, 3, 4)).Should().Be((0L, 12L, 24L, 96L, 96L, 0L));
    }

    [Fact]
    public void LeakyReLU_And_ELU_HaveFlopsAndMemoryButNoMAdd()
    {
        Numbers(Single(LeakyReLU(0.1), 2, 5)).Should().Be((0L, 0L, 10L, 40L, 40L, 0L));
        Numbers(Single(ELU(), 2, 5)).Should().Be((0L, 0L, 10L, 40L, 40L, 0L));
    }

    [Fact]
    public void PReLU_ReadsItsWeightsOncePerSample()
    {
        // [2,3,2,2], 3 weights: Flops 24; read = 2·(12 + 3) = 30; write 24
        Numbers(Single(PReLU(3), 2, 3, 2, 2)).Should().Be((3L, 0L, 24L, 30L * 4, 24L * 4, 0L));
    }

    [Fact]
    public void Softmax_CountsExpAddDividePerSample()
    {
        // [4,10]: MAdd = 3·10 − 1 = 29; the rest is unsupported in torchstat
        Numbers(Single(Softmax(1), 4, 10)).Should().Be((0L, 29L, 0L, 0L, 0L, 0L));
    }

    [Fact]
    public void Linear_TwoDimensional_CountsTorchstatsFormulas()
    {
        // [3,8] -> [3,5]: MAdd = 5·(8 + 7) = 75; Flops = MACs = 3·8·5 = 120; params 45; read = 3·(8 + 45) = 159; write 15
        Numbers(Single(Linear(8, 5), 3, 8)).Should().Be((45L, 75L, 120L, 159L * 4, 15L * 4, 120L));
    }

    [Fact]
    public void Linear_ThreeDimensional_CountsEveryRowOfASample()
    {
        // [2,4,8] -> [2,4,5] (torchstat rejects this): MAdd = 4·75 = 300; Flops = MACs = 2·4·8·5 = 320; read = 2·(32 + 45) = 154; write 40
        Numbers(Single(Linear(8, 5), 2, 4, 8)).Should().Be((45L, 300L, 320L, 154L * 4, 40L * 4, 320L));
    }

    [Fact]
    public void Upsample_CountsEveryOutputElementIncludingChannels()
    {
        // [2,3,4,4] -> [2,3,8,8]: Flops = 2·3·64 = 384 (torchstat: 2·64 = 128, its channel bug)
        Numbers(Single(Upsample(scale_factor: [2.0, 2.0]), 2, 3, 4, 4)).Should().Be((0L, 0L, 384L, 0L, 0L, 0L));
    }

    [Fact]
    public void Memory_AnyLayer_IsOneSamplesOutputInMiB()
    {
        var row = Single(Linear(8, 5), 3, 8);

        row.MemoryMB.Should().Be((float)(5 * 4 / 1048576.0));
    }

    [Theory]
    [InlineData(typeof(Dropout))]
    [InlineData(typeof(Identity))]
    [InlineData(typeof(Flatten))]
    [InlineData(typeof(Sequential))]
    public void IgnoredLayers_RunAndGiveZeros(Type type)
    {
        Module<Tensor, Tensor> layer = type.Name switch
        {
            nameof(Dropout) => Dropout(0.5),
            nameof(Identity) => Identity(),
            nameof(Flatten) => Flatten(),
            _ => Sequential(),
        };

        var row = Single(layer, 2, 3, 4);

        row.Status.Should().Be(LayerStatus.IgnoredOnPurpose);
        Numbers(row).Should().Be((0L, 0L, 0L, 0L, 0L, 0L));
        row.MemoryMB.Should().BeGreaterThan(0);
    }

    [Fact]
    public void Conv2dCounter_UnbatchedCall_ThrowsNotSupportedNamingTheShapes()
    {
        using var conv = Conv2d(3, 6, kernel_size: 3);

        var act = () => Conv2dCounter.Count(conv, new LayerCall([3, 8, 8], [6, 6, 6], 4));

        act.Should().Throw<NotSupportedException>().WithMessage("*Conv2d*4-D*input [3, 8, 8] -> output [6, 6, 6]*");
    }

    [Fact]
    public void Counter_SameCallTwice_GivesTheSameNumbers()
    {
        using var conv = Conv2d(2, 4, kernel_size: 3, padding: 1, groups: 2);
        var call = new LayerCall([2, 2, 5, 5], [2, 4, 5, 5], 4);

        Conv2dCounter.Count(conv, call).Should().Be(Conv2dCounter.Count(conv, call));
    }

    private static (long Params, long MAdd, long Flops, long Read, long Write, long Macs) Numbers(LayerRow row) =>
        (row.Parameters, row.MAdd, row.Flops, row.MemoryReadBytes, row.MemoryWriteBytes, row.Macs);

    private static LayerRow Single(Module<Tensor, Tensor> layer, params long[] shape)
    {
        using var model = Sequential(("layer", layer));
        var row = ModelStatistics.Analyze(model, shape).Rows.Single();
        row.Name.Should().Be("layer");
        return row;
    }
}
