using FluentAssertions;
using ShuffleNet.Torch.Onnx;
using Xunit;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Sample.Tests;

/// <summary>export-onnx: a file ONNX Runtime opens, with the model's classes and, with --size, a fixed input size.</summary>
public sealed class ExportOnnxTests
{
    [Fact]
    public void Run_ExportOnnx_WritesAFileWithDynamicSizeAndThousandClasses()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.File("x0_5.onnx");

        var run = SampleRun.Of("export-onnx", "--output", path, "--width", "0.5");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Should().Be($"Exported ShuffleNetV2 0.5x, 1000 classes, to {path}: ONNX opset 13, input [batch, 3, height, width], output [batch, 1000]; no model card (no classes or transform are known for these weights).\n");
        using var onnx = OnnxImageClassifier.Load(path);
        onnx.NumClasses.Should().Be(1000);
        onnx.InputHeight.Should().BeNull();
        onnx.InputWidth.Should().BeNull();
    }

    [Fact]
    public void Run_ExportOnnxWithWeightsAndSize_FixedSizeAndTheCheckpointsLogits()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.File("tiny.onnx");

        var run = SampleRun.Of("export-onnx", "--output", path, "--weights", Fixtures.TinyWeights, "--size", "64x48");

        run.ExitCode.Should().Be(0, run.ToString());
        using var onnx = OnnxImageClassifier.Load(path);
        onnx.NumClasses.Should().Be(Fixtures.TinyClasses);
        onnx.InputHeight.Should().Be(64);
        onnx.InputWidth.Should().Be(48);

        using var model = ShuffleNetV2.FromWeights(Fixtures.TinyWeights);
        model.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var input = randn(2, 3, 64, 48);
        var difference = onnx.Run(input).sub(model.call(input)).abs().max().item<float>();
        difference.Should().BeLessThan(1e-4f);
    }
}
