using System.IO;
using FluentAssertions;
using Xunit;

namespace ShuffleNet.Torch.Sample.Tests;

/// <summary>
/// An --output that names a file the command reads (the run's weights, card or checkpoint, an --image) is a usage
/// error: one line naming the file, exit code 2, the file unchanged byte for byte.
/// </summary>
[Collection(nameof(TrainedRun))]
public sealed class OutputOverInputTests(TrainedRun run)
{
    [Theory]
    [InlineData("export-onnx", "model.pth", "the file the model's weights were read from")]
    [InlineData("export-onnx", "model.json", "the model card the classifier was read with")]
    [InlineData("export-onnx", "last.ckpt", "a checkpoint of the run the model was read from")]
    [InlineData("stats", "model.pth", "the file the model's weights were read from")]
    [InlineData("quantize", "model.pth", "the file the model's weights were read from")]
    public void Command_OutputOntoAFileOfTheRunItReads_RefusedAndTheFileKept(string command, string name, string what)
    {
        var folder = run.CopyOutput($"{command}-onto-{name}");
        var target = Path.Combine(folder, name);
        var before = File.ReadAllBytes(target);
        string[] data = command == "quantize" ? ["--data", run.Data] : [];

        var result = SampleRun.Of([command, "--weights", folder, "--output", target, .. data]);

        ShouldRefuse(result, $"error: --output: '{target}' is {what}; write to another file (nothing was written).");
        File.ReadAllBytes(target).Should().Equal(before);
    }

    [Fact]
    public void ExportOnnx_OutputOntoTheCheckpointItReads_RefusedAsTheGivenFile()
    {
        var folder = run.CopyOutput("export-onto-given-checkpoint");
        var checkpoint = Path.Combine(folder, "last.ckpt");
        var before = File.ReadAllBytes(checkpoint);

        var result = SampleRun.Of("export-onnx", "--weights", checkpoint, "--output", checkpoint);

        ShouldRefuse(result, $"error: --output: '{checkpoint}' is the file given to --weights; write to another file (nothing was written).");
        File.ReadAllBytes(checkpoint).Should().Equal(before);
    }

    [Fact]
    public void Classify_OutputOntoTheImage_RefusedAndTheImageKept()
    {
        var folder = run.CopyOutput("classify-onto-image");
        var image = Path.Combine(folder, "curves.png");
        var before = File.ReadAllBytes(image);

        var result = SampleRun.Of("classify", "--weights", folder, "--image", image, "--output", image);

        ShouldRefuse(result, $"error: --output: '{image}' is the file given to --image; write to another file (nothing was written).");
        File.ReadAllBytes(image).Should().Equal(before);
    }

    private static void ShouldRefuse(SampleRun result, string message)
    {
        result.ExitCode.Should().Be(2, result.ToString());
        result.Stdout.Should().BeEmpty();
        result.ErrorLines.Should().ContainSingle().Which.Should().Be(message);
    }
}
