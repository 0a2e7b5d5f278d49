using System;
using System.IO;
using System.Linq;
using FluentAssertions;
using Xunit;

namespace ShuffleNet.Torch.Sample.Tests.Programs;

/// <summary>samples/OnnxServe on the shared train run: a float and an int8 ONNX file, each served with its card's class names.</summary>
[Collection(nameof(TrainedRun))]
public sealed class OnnxServeTests(TrainedRun trained) : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Run_TrainedRun_ExportsQuantizesAndServesBothFiles()
    {
        var output = _directory.File("served");

        var run = ProgramRun.Of("OnnxServe", trained.Output, trained.Data, Fixtures.Image, output);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Lines[0].Should().Be("calibrated on 64 images by Percentile");
        run.Lines.Skip(1).Select(l => l.Split(' ')[0]).Should().Equal("model.onnx", "model.int8.onnx");
        run.Lines.Skip(1).Should().OnlyContain(l => l.Contains(" bytes, OnnxRuntime): ", StringComparison.Ordinal)
            && TrainingData.FashionClasses.Any(c => l.Contains($"): {c} ", StringComparison.Ordinal)));
        new FileInfo(Path.Combine(output, "model.int8.onnx")).Length.Should().BeLessThan(new FileInfo(Path.Combine(output, "model.onnx")).Length);
    }
}
