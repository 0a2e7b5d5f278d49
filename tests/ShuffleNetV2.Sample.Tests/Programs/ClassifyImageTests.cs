using System;
using System.IO;
using System.Linq;
using FluentAssertions;
using ShuffleNet.Torch.Classification;
using ShuffleNet.Torch.Pretrained;
using Xunit;

namespace ShuffleNet.Torch.Sample.Tests.Programs;

/// <summary>
/// samples/ClassifyImage with torchvision's 0.5x weights as a file of the published name (reproducible weights: no
/// download): the entry's transform and ImageNet's names, and torchvision's five classes for the test JPEG.
/// </summary>
public sealed class ClassifyImageTests(ReproducibleCheckpoints checkpoints) : IClassFixture<ReproducibleCheckpoints>, IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Run_PublishedFileName_TorchvisionsTopFiveWithImageNetNames()
    {
        var entry = ShuffleNetV2Weights.X0_5_ImageNet1K_V1;
        var weights = _directory.File(entry.FileName);
        File.Copy(checkpoints.File(ShuffleNetV2Width.X0_5), weights);

        var run = ProgramRun.Of("ClassifyImage", Fixtures.Image, weights);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Lines[0].Should().Be($"weights:   {weights} ({entry.Name})");
        run.Lines[1].Should().Be($"transform: {entry.Transforms.Describe()}");
        var expected = ReproducibleCheckpoints.TorchvisionTop(ShuffleNetV2Width.X0_5, 5);
        var rows = run.Lines.Skip(2).Select(l => l.Split("  ", 3, StringSplitOptions.RemoveEmptyEntries).Select(c => c.Trim()).ToArray()).ToList();
        rows.Select(r => int.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture)).Should().Equal(expected.Select(e => e.Index));
        rows.Select(r => r[2]).Should().Equal(expected.Select(e => ImageNetClasses.Names[e.Index]));
    }

    [Fact]
    public void Run_NoImage_PrintsItsUsageWithExitCode2()
    {
        var run = ProgramRun.Of("ClassifyImage");

        run.ExitCode.Should().Be(2);
        run.Stderr.Should().StartWith("usage: ClassifyImage IMAGE");
    }
}
