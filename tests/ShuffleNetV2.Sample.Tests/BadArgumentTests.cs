using System;
using System.IO;
using System.Linq;
using FluentAssertions;
using Xunit;

namespace ShuffleNet.Torch.Sample.Tests;

/// <summary>User mistakes: one line on stderr, exit code 2, nothing on stdout, never a stack trace.</summary>
public sealed class BadArgumentTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    /// <summary>Arguments and the expected message; {image}, {weights}, {missing-dir} and {dir} are replaced by paths.</summary>
    public static TheoryData<string, string> ParseMistakes => new()
    {
        { "--width 0.7", "--width must be 0.5, 1.0, 1.5 or 2.0, got '0.7'." },
        { "--width x1_0", "--width must be 0.5, 1.0, 1.5 or 2.0, got 'x1_0'." },
        { "--classes 0", "--classes must be a whole number of 1 or more, got '0'." },
        { "--batch -1", "--batch must be a whole number of 1 or more, got '-1'." },
        { "--batch 2.5", "--batch must be a whole number of 1 or more, got '2.5'." },
        { "--size 0x10", "--size must be H or HxW in pixels, each a whole number of 1 or more (e.g. 224 or 224x160), got '0x10'." },
        { "--size 224x", "--size must be H or HxW in pixels, each a whole number of 1 or more (e.g. 224 or 224x160), got '224x'." },
        { "--size -5", "--size must be H or HxW in pixels, each a whole number of 1 or more (e.g. 224 or 224x160), got '-5'." },
        { "--threads 0", "--threads must be a whole number of 1 or more, got '0'." },
        { "--depth 0", "--depth must be a whole number of 1 or more, got '0'." },
        { "--format xml", "--format must be table, markdown, csv or json, got 'xml'." },
        { "--device tpu", "--device must be cpu or cuda, got 'tpu'." },
        { "--device cuda", "--device cuda: CUDA is not available here (no CUDA device, or a CPU-only TorchSharp backend such as this sample's TorchSharp-cpu)." },
        { "--image {image} --engine tensorflow", "--engine must be torchsharp or onnx, got 'tensorflow'." },
        { "--image {image} --top 0", "--top must be a whole number of 1 or more, got '0'." },
        { "--weights missing.pth", "--weights: no file at 'missing.pth'." },
        { "--image missing.png", "--image: no file at 'missing.png'." },
        { "--weights {dir}", "--weights: '{dir}' is a directory, not a file." },
        { "--output {missing-dir}/stats.txt", "--output: the directory '{missing-dir}' does not exist." },
        { "--export-onnx {missing-dir}/model.onnx", "--export-onnx: the directory '{missing-dir}' does not exist." },
        { "--output {dir}", "--output: '{dir}' is a directory; give a file name." },
        { "--foo", "Unrecognized command or argument '--foo'." },
        { "--width", "Required argument missing for option: '--width'." },
        { "--width 1.0 --width 2.0", "Option '--width' expects a single argument but 2 were provided." },
        { "--compare --image {image}", "--image and --compare are separate jobs: give one of them." },
        { "--image {image} --depth 2", "--depth does not apply to --image; it is for the statistics run." },
        { "--image {image} --size 64", "--size does not apply to --image; it is for the statistics run, --compare and --export-onnx." },
        { "--top 3", "--top does not apply to the statistics run; it is for --image." },
        { "--engine onnx", "--engine does not apply to the statistics run; it is for --image and --compare." },
        { "--compare --width 1.0", "--width does not apply to --compare; it is for the statistics run, --image and --export-onnx." },
        { "--compare --batch 2", "--batch does not apply to --compare; it is for the statistics run." },
        { "--compare --weights {weights}", "--weights does not apply to --compare; it is for the statistics run, --image and --export-onnx." },
        { "--export-onnx {dir}/m.onnx --format json", "--format does not apply to --export-onnx; it is for the statistics run, --image and --compare." },
    };

    /// <summary>Mistakes found while running: the file or the model does not fit the other arguments.</summary>
    public static TheoryData<string, string> RunMistakes => new()
    {
        { "--image {image} --weights {weights} --top 11", "--top 11 is more than the model's 10 classes." },
        {
            "--image {image} --weights {weights} --width 1.0",
            "--width 1.0 does not match the weights file '{weights}', which holds stages_repeats [1, 2, 1], stages_out_channels [8, 16, 32, 64, 128]; leave out --width to use the file's."
        },
        { "--weights {weights} --classes 1000", "--classes 1000 does not match the weights file '{weights}', which has 10 classes; leave out --classes to use the file's." },
    };

    [Theory]
    [MemberData(nameof(ParseMistakes))]
    [MemberData(nameof(RunMistakes))]
    public void Run_BadArguments_OneErrorLineAndExitCode2(string args, string message)
    {
        var run = SampleRun.Of(Split(args));

        run.ExitCode.Should().Be(2, run.ToString());
        run.ErrorLines.Should().Equal("error: " + Paths(message));
        run.Stdout.Should().BeEmpty();
    }

    [Fact]
    public void Run_WeightsFileThatIsNoCheckpoint_Exit2NamingTheFile()
    {
        var path = _directory.File("notes.pth");
        File.WriteAllText(path, "These are not weights, only a note about them.");

        var run = SampleRun.Of("--weights", path);

        run.ExitCode.Should().Be(2, run.ToString());
        run.ErrorLines.Should().ContainSingle().Which.Should().StartWith($"error: Weights file '{path}' is not a checkpoint");
    }

    [Fact]
    public void Run_EmptyWeightsFile_Exit2NamingTheFile()
    {
        var path = _directory.File("empty.safetensors");
        File.WriteAllBytes(path, []);

        var run = SampleRun.Of("--weights", path);

        run.ExitCode.Should().Be(2, run.ToString());
        run.ErrorLines.Should().Equal($"error: Weights file '{path}' is empty (0 bytes): not a checkpoint.");
    }

    [Theory]
    [InlineData("notes.png", "These are not pixels.")]
    [InlineData("truncated.png", "\u0089PNG\r\n\u001a\n")]
    public void Run_ImageTheModelCannotTake_Exit2NamingTheFile(string name, string content)
    {
        var path = _directory.File(name);
        File.WriteAllText(path, content, System.Text.Encoding.Latin1);

        var run = SampleRun.Of("--image", path, "--weights", Fixtures.TinyWeights);

        run.ExitCode.Should().Be(2, run.ToString());
        run.ErrorLines.Should().ContainSingle().Which.Should().StartWith($"error: Image file '{path}' ");
        run.Stdout.Should().BeEmpty();
    }

    public void Dispose() => _directory.Dispose();

    private string[] Split(string args) => args.Split(' ').Select(Paths).ToArray();

    private string Paths(string text) => text
        .Replace("{image}", Fixtures.Image, StringComparison.Ordinal)
        .Replace("{weights}", Fixtures.TinyWeights, StringComparison.Ordinal)
        .Replace("{missing-dir}", Path.Combine(_directory.Path, "no-such-directory"), StringComparison.Ordinal)
        .Replace("{dir}", _directory.Path, StringComparison.Ordinal);
}
