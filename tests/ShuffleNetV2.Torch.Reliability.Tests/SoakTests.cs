using System.Collections.Generic;
using FluentAssertions;
using ShuffleNet.Torch.Measurement.Soak;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Reliability.Tests;

/// <summary>
/// The soak of benchmarks/ShuffleNetV2.Soak at a size CI affords: 0.5×, batch 8, 112×112, 160 forward passes (60 of
/// them warm-up) with 10 statistics analyses, on one intra-op thread, glibc's mmap threshold fixed and a full GC every
/// 10 passes (why: <see cref="GlibcMalloc"/> and <see cref="SoakOptions.CollectEvery"/>). The full run (5,000 passes,
/// 500 analyses) is the console program. RSS is process-wide, so this collection runs alone, after the parallel ones.
/// The size: 112×112 keeps the test's power at a fraction of 224×224's time. The 2 % bound on an RSS of a few hundred
/// MiB fails any leak of tens of KB per measured pass (one of conv1's activations here is 2.4 MB), and the live-tensor
/// count does not depend on the size.
/// The warm-up: 60 passes, because RSS still rises by a step of a few MiB shortly after a shorter warm-up, which alone
/// could exceed the bound.
/// </summary>
[CollectionDefinition(nameof(SoakTests), DisableParallelization = true)]
[Collection(nameof(SoakTests))]
public sealed class SoakTests(ITestOutputHelper output)
{
    private const double MaxRssGrowth = 0.02;

    private static readonly SoakOptions Ci = SoakOptions.Full with { ImageSize = 112, WarmupForwardPasses = 60, ForwardPasses = 100, Analyses = 10, ProgressInterval = 20 };

    [Fact]
    public void Soak_ForwardPassesAndAnalyses_KeepRssWithinTwoPercentAndReleaseEveryTensor()
    {
        var result = SoakRun.Run(Ci, output.WriteLine);
        output.WriteLine(result.Format());

        result.AnalysesRun.Should().Be(Ci.Analyses);
        result.LiveAtEnd.Should().Be(result.LiveAfterWarmup, "every pass and analysis releases its tensors\n{0}", result.Format());
        result.LiveAfterDispose.Should().Be(result.LiveAtStart, "disposing the model releases its parameters and buffers\n{0}", result.Format());
        result.RssGrowth.Should().BeLessThan(MaxRssGrowth, "RSS after warm-up should stay flat\n{0}", result.Format());
    }

    [Fact]
    public void Soak_LeakingOnPurpose_SeesBothTheLiveTensorsAndTheRssGrowth()
    {
        var leaked = new List<Tensor>();
        var options = Ci with
        {
            ImageSize = 32,
            WarmupForwardPasses = 5,
            ForwardPasses = 40,
            Analyses = 4,
            AfterForward = _ => leaked.Add(ones(1024 * 1024).DetachFromDisposeScope()),   // 4 MiB per pass, touched
        };
        try
        {
            var result = SoakRun.Run(options);

            result.LiveAtEnd.Should().Be(result.LiveAfterWarmup + options.ForwardPasses);
            result.LiveCountRestored.Should().BeFalse();
            result.RssGrowth.Should().BeGreaterThan(MaxRssGrowth, "{0} MiB were leaked\n{1}", 4 * options.ForwardPasses, result.Format());
        }
        finally
        {
            leaked.ForEach(tensor => tensor.Dispose());
        }
    }
}
