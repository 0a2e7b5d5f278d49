using System;
using System.Collections.Generic;
using System.Linq;
using FluentAssertions;
using FluentAssertions.Execution;
using TorchStats.Tests.Parity;
using Xunit;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TorchStats.Tests.Counters;

/// <summary>
/// The stated rules of docs/statistics.md for the layer types torchstat does not count: one tiny module per rule,
/// numbers derived by hand in the comments, checked through a real analysis with the default registry. B = batch,
/// E = input elements of one sample, float32 = 4 bytes per element.
/// </summary>
public sealed class StatedRuleTests
{
    [Fact]
    public void Conv1d_GroupedWithBias_CountsTorchstatsConvRuleOnOneDimension()
    {
        // [2,2,5] -> [2,4,5], k 3, p 1, g 2: K = 3·(2/2) = 3; MAdd = (3 + 3−1+1)·5·4 = 120
        // Flops = 3·2·(4/2)·(2·5) + bias 4·(2·5) = 120 + 40 = 160; params 4·1·3 + 4 = 16
        // read = 2·(10 + 16) = 52 elements; write = 2·4·5 = 40; MACs = 3·4·(2·5) = 120
        var row = Single(Conv1d(2, 4, 3, padding: 1, groups: 2, bias: true), 2, 2, 5);

        row.OutputShape.Should().Equal(2, 4, 5);
        Numbers(row).Should().Be((16L, 120L, 160L, 52L * 4, 40L * 4, 120L));
    }

    [Fact]
    public void Conv3d_WithoutBias_CountsTorchstatsConvRuleOnThreeDimensions()
    {
        // [1,1,3,3,3] -> [1,2,2,2,2], k 2: K = 8; MAdd = (8 + 7)·8·2 = 240; Flops = 8·1·2·8 = 128
        // params 16; read = 27 + 16 = 43 elements; write 16; MACs = 8·2·8 = 128
        var row = Single(Conv3d(1, 2, 2, bias: false), 1, 1, 3, 3, 3);

        row.OutputShape.Should().Equal(1, 2, 2, 2, 2);
        Numbers(row).Should().Be((16L, 240L, 128L, 43L * 4, 16L * 4, 128L));
    }

    [Fact]
    public void ConvNdCounter_TwoDimensionalCall_GivesConv2dCountersNumbers()
    {
        using var conv = Conv2d(4, 6, kernel_size: 3, stride: 2, padding: 1, groups: 2, bias: true);
        var call = new LayerCall([3, 4, 9, 7], [3, 6, 5, 4], 4);

        ConvNdCounter.Count(conv, call).Should().Be(Conv2dCounter.Count(conv, call));
    }

    [Fact]
    public void ConvTranspose1d_And_3d_CountMAddOnInputPositionsAndMacsLikeTorchstatsTwoDimensionalRule()
    {
        // 1-D: [1,2,4] -> [1,3,8], k 2, s 2, bias: K = 2·2 = 4; MAdd = (4 + 4)·4·3 = 96; MACs = 1·2·4·2·3 = 48; params 2·3·2 + 3 = 15
        var one = Single(ConvTranspose1d(2, 3, 2, stride: 2, bias: true), 1, 2, 4);
        // 3-D: [1,1,2,2,2] -> [1,1,4,4,4], k 2, s 2, no bias: K = 8; MAdd = (8 + 7)·8·1 = 120; MACs = 1·1·8·8·1 = 64; params 8
        var three = Single(ConvTranspose3d(1, 1, 2, stride: 2, bias: false), 1, 1, 2, 2, 2);

        one.OutputShape.Should().Equal(1, 3, 8);
        Numbers(one).Should().Be((15L, 96L, 0L, 0L, 0L, 48L));
        three.OutputShape.Should().Equal(1, 1, 4, 4, 4);
        Numbers(three).Should().Be((8L, 120L, 0L, 0L, 0L, 64L));
    }

    [Fact]
    public void ConvTransposeNdCounter_TwoDimensionalCall_GivesConvTranspose2dCountersNumbers()
    {
        using var conv = ConvTranspose2d(4, 2, kernel_size: 2, stride: 2, bias: true);
        var call = new LayerCall([3, 4, 3, 3], [3, 2, 6, 6], 4);

        ConvTransposeNdCounter.Count(conv, call).Should().Be(ConvTranspose2dCounter.Count(conv, call));
    }

    [Fact]
    public void BatchNorm1d_And_3d_CountTorchstatsBatchNormRuleOnAnyShape()
    {
        // [2,3] (features only): E = 3; MAdd 4·3 = 12; Flops 6·2 = 12; read = 2·(3 + 2·3) = 18; write 6; params 6
        Numbers(Single(BatchNorm1d(3), 2, 3)).Should().Be((6L, 12L, 12L, 18L * 4, 6L * 4, 0L));
        // [2,3,4]: E = 12; MAdd 48; Flops 24·2 = 48; read = 2·(12 + 6) = 36; write 24
        Numbers(Single(BatchNorm1d(3), 2, 3, 4)).Should().Be((6L, 48L, 48L, 36L * 4, 24L * 4, 0L));
        // [1,2,2,2,2] without affine: E = 16; MAdd 64; Flops 16·1; read = 16 + 2·2 = 20; write 16; params 0
        Numbers(Single(BatchNorm3d(2, affine: false), 1, 2, 2, 2, 2)).Should().Be((0L, 64L, 16L, 20L * 4, 16L * 4, 0L));
    }

    [Fact]
    public void BatchNormNdCounter_FourDimensionalCall_GivesBatchNorm2dCountersNumbers()
    {
        using var bn = BatchNorm2d(3);
        var call = new LayerCall([2, 3, 4, 4], [2, 3, 4, 4], 4);

        BatchNormNdCounter.Count(bn, call).Should().Be(BatchNorm2dCounter.Count(bn, call));
    }

    [Fact]
    public void MaxPool1d_And_3d_CountComparisonsPerOutputAndInputElementsAsFlops()
    {
        // [1,2,7] -> [1,2,3], k 3, s 2: MAdd (3−1)·6 = 12; Flops = numel(in) = 14; read 14; write 6
        Numbers(Single(MaxPool1d(3, stride: 2), 1, 2, 7)).Should().Be((0L, 12L, 14L, 14L * 4, 6L * 4, 0L));
        // [1,1,4,4,4] -> [1,1,2,2,2], k 2: MAdd (8−1)·8 = 56; Flops 64; read 64; write 8
        Numbers(Single(MaxPool3d(2), 1, 1, 4, 4, 4)).Should().Be((0L, 56L, 64L, 64L * 4, 8L * 4, 0L));
    }

    [Fact]
    public void AvgPool1d_And_3d_CountAddsAndDivisionPerOutput()
    {
        // [2,3,4] -> [2,3,2], k 2: MAdd (2−1+1)·6 = 12; Flops 24; read 24; write 12
        Numbers(Single(AvgPool1d(2), 2, 3, 4)).Should().Be((0L, 12L, 24L, 24L * 4, 12L * 4, 0L));
        // [1,2,2,4,4] -> [1,2,1,2,2], k 2: MAdd 8·8 = 64; Flops 64; read 64; write 8
        Numbers(Single(AvgPool3d(2), 1, 2, 2, 4, 4)).Should().Be((0L, 64L, 64L, 64L * 4, 8L * 4, 0L));
    }

    [Fact]
    public void PoolNdCounter_TwoDimensionalRules_AreTorchstatsOnesOnAnotherRank()
    {
        // The same kernel product on a 1-D call as MaxPool2d's 3×3 on a 2-D call with as many output elements.
        using var max1 = MaxPool1d(9);
        using var max2 = MaxPool2d(3);

        PoolNdCounter.Count(max1, new LayerCall([1, 2, 18], [1, 2, 2], 4))
            .Should().Be(MaxPool2dCounter.Count(max2, new LayerCall([1, 2, 6, 3], [1, 2, 2, 1], 4)));
    }

    [Fact]
    public void AdaptiveAvgPool2d_Global_CountsEveryInputElementOnce()
    {
        // [2,3,4,5] -> [2,3,1,1]: one window of 20 per channel: MAdd = 3·20 = 60 = E; Flops numel(in) = 120; read 120; write 6
        var row = Single(AdaptiveAvgPool2d(1), 2, 3, 4, 5);

        row.OutputShape.Should().Equal(2, 3, 1, 1);
        Numbers(row).Should().Be((0L, 60L, 120L, 120L * 4, 6L * 4, 0L));
    }

    [Fact]
    public void AdaptiveAvgPool2d_UnevenWindows_SumsTheRealWindowSizes()
    {
        // [1,2,5,4] -> [1,2,3,2]. Height 5 -> 3: windows [0,2) [1,4) [3,5), lengths 2 + 3 + 2 = 7 (overlapping).
        // Width 4 -> 2: [0,2) [2,4), lengths 4. Per channel Σ windows = 7·4 = 28; MAdd = 2·28 = 56
        // Flops numel(in) = 40; read 40; write 12
        var row = Single(AdaptiveAvgPool2d([3, 2]), 1, 2, 5, 4);

        row.OutputShape.Should().Equal(1, 2, 3, 2);
        Numbers(row).Should().Be((0L, 56L, 40L, 40L * 4, 12L * 4, 0L));
    }

    [Fact]
    public void AdaptiveAvgPool1d_OutputLargerThanInput_CountsTheRepeatedElements()
    {
        // [1,1,2] -> [1,1,3]: windows [0,1) [0,2) [1,2), lengths 1 + 2 + 1 = 4; MAdd 4; Flops 2; read 2; write 3
        Numbers(Single(AdaptiveAvgPool1d(3), 1, 1, 2)).Should().Be((0L, 4L, 2L, 2L * 4, 3L * 4, 0L));
    }

    [Fact]
    public void AdaptiveMaxPool_CountsOneComparisonLessThanEachWindow()
    {
        // 2-D [1,2,5,4] -> [1,2,3,2]: Σ windows 28, 6 outputs per channel: MAdd = 2·(28 − 6) = 44
        Numbers(Single(AdaptiveMaxPool2d([3, 2]), 1, 2, 5, 4)).Should().Be((0L, 44L, 40L, 40L * 4, 12L * 4, 0L));
        // 3-D global [1,1,2,2,2] -> [1,1,1,1,1]: MAdd 8 − 1 = 7; Flops 8; read 8; write 1 (TorchSharp 0.107's
        // AdaptiveMaxPool3d module throws in its forward, so this one is counted from the call alone)
        using var pool3d = AdaptiveMaxPool3d([1, 1, 1]);
        AdaptivePoolCounter.CountMax(pool3d, new LayerCall([1, 1, 2, 2, 2], [1, 1, 1, 1, 1], 4))
            .Should().Be(new LayerCounts(7, 8, 8 * 4, 1 * 4, 0));
        // 1-D [2,1,6] -> [2,1,2]: windows [0,3) [3,6): MAdd 1·(6 − 2) = 4; Flops 12; read 12; write 4
        Numbers(Single(AdaptiveMaxPool1d(2), 2, 1, 6)).Should().Be((0L, 4L, 12L, 12L * 4, 4L * 4, 0L));
    }

    public static IEnumerable<object[]> Activations() =>
        new[] { "Sigmoid", "Tanh", "SiLU", "GELU", "Mish", "Hardswish", "Hardsigmoid", "Hardtanh", "Softplus" }.Select(n => new object[] { n });

    [Theory]
    [MemberData(nameof(Activations))]
    public void Activation_CountsOneOperationPerElementAsTorchstatsReLU(string name)
    {
        Module<Tensor, Tensor> layer = name switch
        {
            "Sigmoid" => Sigmoid(),
            "Tanh" => Tanh(),
            "SiLU" => SiLU(),
            "GELU" => GELU(),
            "Mish" => Mish(),
            "Hardswish" => Hardswish(),
            "Hardsigmoid" => Hardsigmoid(),
            "Hardtanh" => Hardtanh(),
            _ => Softplus(),
        };

        // [2,3,4]: MAdd = E = 12; Flops = numel = 24; read = write = 24 elements
        var row = Single(layer, 2, 3, 4);

        row.Status.Should().Be(LayerStatus.Counted);
        row.TypeName.Should().Be(name);
        Numbers(row).Should().Be((0L, 12L, 24L, 24L * 4, 24L * 4, 0L));
    }

    [Fact]
    public void GroupNorm_Affine_CountsStatisticsAndNormalization()
    {
        // [2,4,3], 2 groups of 6: E = 12; MAdd = 8·12 = 96 (mean 12, variance 36, normalization 48)
        // Flops = 24·4 = 96 (affine); params 8; read = 2·(12 + 8) = 40; write 24
        Numbers(Single(GroupNorm(2, 4), 2, 4, 3)).Should().Be((8L, 96L, 96L, 40L * 4, 24L * 4, 0L));
    }

    [Fact]
    public void LayerNorm_Affine_CountsStatisticsAndNormalization()
    {
        // [2,4,3], normalized over the last 3: E = 12; MAdd 96; Flops = 24·4 = 96; params 6; read = 2·(12 + 6) = 36; write 24
        Numbers(Single(LayerNorm(3), 2, 4, 3)).Should().Be((6L, 96L, 96L, 36L * 4, 24L * 4, 0L));
    }

    [Fact]
    public void InstanceNorm_WithoutAffine_CountsThreeFlopsPerElement()
    {
        // 2-D [1,3,2,2]: E = 12; MAdd 96; Flops = 12·3 = 36; params 0; read 12; write 12
        Numbers(Single(InstanceNorm2d(3), 1, 3, 2, 2)).Should().Be((0L, 96L, 36L, 12L * 4, 12L * 4, 0L));
        // 1-D [2,2,3] with affine: E = 6; MAdd 48; Flops = 12·4 = 48; params 4; read = 2·(6 + 4) = 20; write 12
        Numbers(Single(InstanceNorm1d(2, affine: true), 2, 2, 3)).Should().Be((4L, 48L, 48L, 20L * 4, 12L * 4, 0L));
        // 3-D [1,1,2,2,2]: E = 8; MAdd 64; Flops 24; read 8; write 8
        Numbers(Single(InstanceNorm3d(1), 1, 1, 2, 2, 2)).Should().Be((0L, 64L, 24L, 8L * 4, 8L * 4, 0L));
    }

    [Fact]
    public void EmbeddingCounter_Int64Indices_CountsIndexAndRowTrafficOnly()
    {
        using var embedding = Embedding(10, 4);

        // [2,3] int64 -> [2,3,4] float32: read = 6·8 + 24·4 = 144 bytes; write = 24·4 = 96 bytes; no arithmetic
        EmbeddingCounter.Count(embedding, new LayerCall([2, 3], [2, 3, 4], 8, 4)).Should().Be(new LayerCounts(0, 0, 144, 96, 0));
    }

    [Fact]
    public void LinearCounter_OneDimensionalInput_CountsOneUnbatchedVector()
    {
        using var linear = Linear(3, 2);

        // [3] -> [2]: B = R = 1; MAdd = 2·(2·3 − 1) = 10; Flops = MACs = 6; read = 3 + 8 = 11; write 2
        LinearCounter.Count(linear, new LayerCall([3], [2], 4)).Should().Be(new LayerCounts(10, 6, 11 * 4, 2 * 4, 6));
    }

    public static IEnumerable<object[]> DataMovers() =>
        new object[][]
        {
            ["Dropout1d", new long[] { 1, 2, 4 }],
            ["Dropout3d", new long[] { 1, 2, 2, 2, 2 }],
            ["AlphaDropout", new long[] { 2, 3 }],
            ["FeatureAlphaDropout", new long[] { 1, 2, 3, 3 }],
            ["Unflatten", new long[] { 2, 6 }],
            ["ChannelShuffle", new long[] { 1, 4, 2, 2 }],
            ["PixelShuffle", new long[] { 1, 4, 2, 2 }],
            ["PixelUnshuffle", new long[] { 1, 1, 4, 4 }],
        };

    [Theory]
    [MemberData(nameof(DataMovers))]
    public void LayersThatOnlyMoveData_AreIgnoredOnPurpose(string name, long[] shape)
    {
        Module<Tensor, Tensor> layer = name switch
        {
            "Dropout1d" => Dropout1d(),
            "Dropout3d" => Dropout3d(),
            "AlphaDropout" => AlphaDropout(),
            "FeatureAlphaDropout" => FeatureAlphaDropout(),
            "Unflatten" => Unflatten(1, [2, 3]),
            "ChannelShuffle" => ChannelShuffle(2),
            "PixelShuffle" => PixelShuffle(2),
            _ => PixelUnshuffle(2),
        };

        var row = Single(layer, shape);

        row.TypeName.Should().Be(name);
        row.Status.Should().Be(LayerStatus.IgnoredOnPurpose);
        Numbers(row).Should().Be((0L, 0L, 0L, 0L, 0L, 0L));
    }

    [Fact]
    public void Analyze_ZooWithDefaultRegistry_DiffersFromTorchstatOnlyInTheRowsOfTypesTorchstatDoesNotCount()
    {
        var torchstat = TorchstatCases.Analyze("zoo_20x24");
        var extended = TorchstatCases.Analyze("zoo_20x24", CounterRegistry.CreateDefault());
        var stated = new[] { "body.11", "body.12", "head.0" };

        using var scope = new AssertionScope();
        extended.Rows.Select(r => r.Name).Should().Equal(torchstat.Rows.Select(r => r.Name));
        foreach (var (ours, theirs) in extended.Rows.Zip(torchstat.Rows).Where(p => !stated.Contains(p.First.Name)))
        {
            (ours with { Duration = TimeSpan.Zero }).Should().Be(theirs with { Duration = TimeSpan.Zero }, ours.Name);
        }

        extended.UnsupportedTypes.Should().BeEmpty();
        // Sigmoid and Tanh on [1,16,6,6]: one operation per element, 576; read = write = 576·4
        Numbers(extended.Rows.Single(r => r.Name == "body.11")).Should().Be((0L, 576L, 576L, 2304L, 2304L, 0L));
        Numbers(extended.Rows.Single(r => r.Name == "body.12")).Should().Be((0L, 576L, 576L, 2304L, 2304L, 0L));
        // AdaptiveAvgPool2d((2,2)) on [1,8,24,24]: windows of 12×12, Σ = 576 per channel, MAdd 8·576 = 4608
        // Flops numel(in) = 4608; read 4608·4; write 8·4·4 = 128
        Numbers(extended.Rows.Single(r => r.Name == "head.0")).Should().Be((0L, 4608L, 4608L, 18432L, 128L, 0L));
    }

    private static (long Params, long MAdd, long Flops, long Read, long Write, long Macs) Numbers(LayerRow row) =>
        (row.Parameters, row.MAdd, row.Flops, row.MemoryReadBytes, row.MemoryWriteBytes, row.Macs);

    private static LayerRow Single(Module<Tensor, Tensor> layer, params long[] shape)
    {
        using var model = Sequential(("layer", layer));
        var row = ModelStatistics.Analyze(model, shape).Rows.Single();
        row.Name.Should().Be("layer");
        row.Status.Should().NotBe(LayerStatus.Unsupported, row.Note);
        return row;
    }
}
