using System;
using System.Linq;
using FluentAssertions;
using TorchStats;
using Xunit;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ShuffleNet.Torch.Reliability.Tests;

/// <summary>
/// The real minimum input size, checked against the network and libtorch rather than against our own validation: any
/// H×W ≥ 1×1 in eval mode; in training mode batch × ⌈H/32⌉ × ⌈W/32⌉ ≥ 2, because the last BatchNorm (conv5's) sees
/// ⌈H/32⌉ × ⌈W/32⌉ positions per image and a training BatchNorm needs more than one value per channel.
/// </summary>
public sealed class MinimumInputSizeTests
{
    private static readonly long[] Sizes = [1, 2, 31, 32, 33, 63, 64, 65, 97];

    [Fact]
    public void Forward_EvalMode_ConvFiveSeesTheSizeRoundedUpFiveTimes()
    {
        using var model = Tiny();
        model.eval();

        foreach (var height in Sizes)
        {
            var width = Sizes[^1] + 1 - height;
            var conv5 = ModelStatistics.Analyze(model, [1, 3, height, width]).Rows.Single(r => r.Name == "conv5.1");

            conv5.InputShape.Should().Equal([1, 128, CeilDiv32(height), CeilDiv32(width)], $"input {height}×{width}");
        }
    }

    [Theory]
    [InlineData(1, 1, 1, false)]
    [InlineData(2, 1, 1, true)]
    [InlineData(1, 1, 2, true)]
    [InlineData(1, 2, 1, true)]
    public void BatchNorm2d_TrainingMode_NeedsMoreThanOneValuePerChannelForAFiniteRunningVariance(long batch, long height, long width, bool finite)
    {
        // libtorch does not refuse one value per channel (PyTorch's check lives in Python's F.batch_norm): the unbiased
        // variance of one value is 0/0, which poisons running_var. Hence ShuffleNetV2's own check in training mode.
        using var scope = NewDisposeScope();
        using var batchNorm = BatchNorm2d(4);
        batchNorm.train();

        using (no_grad())
        {
            batchNorm.call(randn(batch, 4, height, width));
        }

        batchNorm.running_var!.isfinite().all().item<bool>().Should().Be(finite);
    }

    [Fact]
    public void Forward_TrainingMode_WorksExactlyWhenBatchTimesFinalPositionsIsAtLeastTwo()
    {
        using var model = Tiny();
        model.train();

        foreach (var batch in new long[] { 1, 2 })
        {
            foreach (var height in Sizes)
            {
                foreach (var width in new long[] { 1, 32, 33 })
                {
                    using var scope = NewDisposeScope();
                    var act = () => model.call(rand(batch, 3, height, width));
                    var because = $"input [{batch}, 3, {height}, {width}] in training mode";

                    if (batch * CeilDiv32(height) * CeilDiv32(width) >= 2)
                    {
                        act.Should().NotThrow(because);
                    }
                    else
                    {
                        act.Should().Throw<ArgumentException>(because).WithMessage($"*training mode*[{batch}, 3, {height}, {width}]*");
                    }
                }
            }
        }
    }

    [Fact]
    public void Forward_OneByOneImageInEvalMode_GivesOneRowOfScores()
    {
        using var scope = NewDisposeScope();
        using var model = Models.NewEval();

        var output = model.call(rand(1, 3, 1, 1));

        output.shape.Should().Equal(1, Models.Classes);
        output.isfinite().all().item<bool>().Should().BeTrue();
    }

    // The same five halvings as every preset, with few channels so that training-mode passes are cheap.
    private static ShuffleNetV2 Tiny() => ShuffleNetV2.Create([1, 1, 1], [8, 16, 32, 64, 128], numClasses: 4);

    private static long CeilDiv32(long size) => (size + 31) / 32;
}
