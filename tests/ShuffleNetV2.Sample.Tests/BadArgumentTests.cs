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

    /// <summary>Arguments and the expected message; {image}, {weights}, {file}, {missing-dir} and {dir} are replaced by paths.</summary>
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
        { "classify --image {image} --engine tensorflow", "--engine must be torchsharp or onnx, got 'tensorflow'." },
        { "classify --image {image} --top 0", "--top must be a whole number of 1 or more, got '0'." },
        { "stats --width 0.7", "--width must be 0.5, 1.0, 1.5 or 2.0, got '0.7'." },
        { "export-onnx --output {dir}/m.onnx --size 224x", "--size must be H or HxW in pixels, each a whole number of 1 or more (e.g. 224 or 224x160), got '224x'." },
        { "--weights missing.pth", "--weights: no file or folder at 'missing.pth'." },
        { "classify --image missing.png", "--image: no file at 'missing.png'." },
        { "classify --image {dir}", "--image: '{dir}' is a directory, not a file." },
        { "--weights {dir}", "--weights: '{dir}' holds neither model.json nor last.ckpt: give a training run's folder, or a weights, checkpoint or ONNX file." },
        { "export-onnx --output {dir}/m.onnx --weights missing.pth", "--weights: no file or folder at 'missing.pth'." },
        { "--output {missing-dir}/stats.txt", "--output: the directory '{missing-dir}' does not exist." },
        { "classify --image {image} --output {missing-dir}/top.json", "--output: the directory '{missing-dir}' does not exist." },
        { "export-onnx --output {missing-dir}/model.onnx", "--output: the directory '{missing-dir}' does not exist." },
        { "--output {dir}", "--output: '{dir}' is a directory; give a file name." },
        { "export-onnx --output {dir}", "--output: '{dir}' is a directory; give a file name." },
        { "classify", "Option '--image' is required." },
        { "classify --weights {weights}", "Option '--image' is required." },
        { "export-onnx", "Option '--output' is required." },
        { "export-onnx --width 0.5", "Option '--output' is required." },
        { "--foo", "Unrecognized command or argument '--foo'." },
        { "fit", "Unrecognized command or argument 'fit'." },
        { "--width", "Required argument missing for option: '--width'." },
        { "--width 1.0 --width 2.0", "Option '--width' expects a single argument but 2 were provided." },
        { "classify --image {image} --image {image}", "Option '--image' expects a single argument but 2 were provided." },
    };

    /// <summary>An option of the statistics run or of another subcommand: each command takes only its own.</summary>
    public static TheoryData<string, string> OptionsOfAnotherCommand => new()
    {
        { "classify --image {image} --depth 2", "Unrecognized command or argument '--depth'." },
        { "classify --image {image} --batch 2", "Unrecognized command or argument '--batch'." },
        { "classify --image {image} --size 64", "Unrecognized command or argument '--size'." },
        { "--top 3", "Unrecognized command or argument '--top'." },
        { "stats --top 3", "Unrecognized command or argument '--top'." },
        { "--engine onnx", "Unrecognized command or argument '--engine'." },
        { "stats --engine onnx", "Unrecognized command or argument '--engine'." },
        { "export-onnx --output {dir}/m.onnx --format json", "Unrecognized command or argument '--format'." },
        { "export-onnx --output {dir}/m.onnx --engine onnx", "Unrecognized command or argument '--engine'." },
        { "export-onnx --output {dir}/m.onnx --threads 2", "Unrecognized command or argument '--threads'." },
        { "export-onnx --output {dir}/m.onnx --device cpu", "Unrecognized command or argument '--device'." },
        { "export-onnx --output {dir}/m.onnx --image {image}", "--image is now a subcommand: classify --image FILE" },
    };

    /// <summary>The root's former job flags, however they are spelt and whatever comes with them, point to their subcommand.</summary>
    public static TheoryData<string, string> RemovedRootFlags => new()
    {
        { "--image {image}", "--image is now a subcommand: classify --image FILE" },
        { "--image {image} --weights {weights} --top 3", "--image is now a subcommand: classify --image FILE" },
        { "--image", "--image is now a subcommand: classify --image FILE" },
        { "--image={image}", "--image is now a subcommand: classify --image FILE" },
        { "--width 0.5 --image {image}", "--image is now a subcommand: classify --image FILE" },
        { "--compare", "--compare moved to the benchmarks: dotnet run --project benchmarks/ShuffleNetV2.Compare -- widths" },
        { "--compare --size 32 --engine onnx", "--compare moved to the benchmarks: dotnet run --project benchmarks/ShuffleNetV2.Compare -- widths" },
        { "--compare --image {image}", "--compare moved to the benchmarks: dotnet run --project benchmarks/ShuffleNetV2.Compare -- widths" },
        { "compare", "compare moved to the benchmarks: dotnet run --project benchmarks/ShuffleNetV2.Compare -- widths" },
        { "--export-onnx {dir}/m.onnx", "--export-onnx is now a subcommand: export-onnx --output FILE" },
        { "--export-onnx {dir}/m.onnx --width 0.5", "--export-onnx is now a subcommand: export-onnx --output FILE" },
    };

    /// <summary>Options before the subcommand would belong to the root, whose job does not run: refused rather than ignored.</summary>
    public static TheoryData<string, string> OptionsBeforeTheSubcommand => new()
    {
        { "--width 0.5 classify --image {image}", "--width is given before classify: put the options after the command." },
        { "--threads 2 weights", "--threads is given before weights: put the options after the command." },
        { "--size 64 stats", "--size is given before stats: put the options after the command." },
    };

    /// <summary>Mistakes found while running: the file or the model does not fit the other arguments.</summary>
    public static TheoryData<string, string> RunMistakes => new()
    {
        { "classify --image {image} --weights {weights} --top 11", "--top 11 is more than the model's 10 classes." },
        {
            "classify --image {image} --weights {weights} --width 1.0",
            "--width 1.0 does not match the weights file '{weights}', which holds stages_repeats [1, 2, 1], stages_out_channels [8, 16, 32, 64, 128]; leave out --width to use the file's."
        },
        { "--weights {weights} --classes 1000", "--classes 1000 does not match the weights file '{weights}', which has 10 classes; leave out --classes to use the file's." },
        { "stats --weights {weights} --width 0.5", "--width 0.5 does not match the weights file '{weights}', which holds stages_repeats [1, 2, 1], stages_out_channels [8, 16, 32, 64, 128]; leave out --width to use the file's." },
        { "export-onnx --output {dir}/m.onnx --weights {weights} --classes 1000", "--classes 1000 does not match the weights file '{weights}', which has 10 classes; leave out --classes to use the file's." },
    };

    [Theory]
    [MemberData(nameof(ParseMistakes))]
    [MemberData(nameof(OptionsOfAnotherCommand))]
    [MemberData(nameof(RemovedRootFlags))]
    [MemberData(nameof(OptionsBeforeTheSubcommand))]
    [MemberData(nameof(RunMistakes))]
    public void Run_BadArguments_OneErrorLineAndExitCode2(string args, string message)
    {
        var run = SampleRun.Of(Split(args));

        run.ExitCode.Should().Be(2, run.ToString());
        run.ErrorLines.Should().Equal("error: " + Paths(message));
        run.Stdout.Should().BeEmpty();
    }

    [Theory]
    [InlineData("--weights {weights} --classes 1000 --output {file}")]
    [InlineData("stats --width 0.5 --size 32 --output {file} --depth 0")]
    [InlineData("classify --image {image} --weights {weights} --top 11 --output {file}")]
    [InlineData("export-onnx --output {file} --weights {weights} --width 1.0")]
    public void Run_MistakeWithAnOutputFile_LeavesTheEarlierFileAsItWas(string args)
    {
        var earlier = _directory.File("earlier.txt");
        File.WriteAllText(earlier, "an earlier result");

        var run = SampleRun.Of(Split(args));

        run.ExitCode.Should().Be(2, run.ToString());
        run.ErrorLines.Should().ContainSingle();
        File.ReadAllText(earlier).Should().Be("an earlier result");
        Directory.GetFileSystemEntries(_directory.Path).Should().Equal(earlier);
    }

    [Fact]
    public void Run_WeightsFileThatIsNoCheckpoint_Exit2NamingTheFile()
    {
        var path = _directory.File("notes.pth");
        File.WriteAllText(path, "These are not weights, only a note about them.");

        var run = SampleRun.Of("--weights", path);

        run.ExitCode.Should().Be(2, run.ToString());
        run.ErrorLines.Should().ContainSingle().Which.Should().StartWith($"error: --weights: Weights file '{path}' is not a checkpoint");
    }

    [Fact]
    public void Run_EmptyWeightsFile_Exit2NamingTheFile()
    {
        var path = _directory.File("empty.safetensors");
        File.WriteAllBytes(path, []);

        var run = SampleRun.Of("--weights", path);

        run.ExitCode.Should().Be(2, run.ToString());
        run.ErrorLines.Should().Equal($"error: --weights: Weights file '{path}' is empty (0 bytes): not a checkpoint.");
    }

    [Theory]
    [InlineData("notes.png", "These are not pixels.")]
    [InlineData("truncated.png", "\u0089PNG\r\n\u001a\n")]
    public void Run_ImageTheModelCannotTake_Exit2NamingTheFile(string name, string content)
    {
        var path = _directory.File(name);
        File.WriteAllText(path, content, System.Text.Encoding.Latin1);

        var run = SampleRun.Of("classify", "--image", path, "--weights", Fixtures.TinyWeights);

        run.ExitCode.Should().Be(2, run.ToString());
        run.ErrorLines.Should().ContainSingle().Which.Should().StartWith($"error: Image file '{path}' ");
        run.Stdout.Should().BeEmpty();
    }

    public void Dispose() => _directory.Dispose();

    private string[] Split(string args) => args.Split(' ').Select(Paths).ToArray();

    private string Paths(string text) => text
        .Replace("{image}", Fixtures.Image, StringComparison.Ordinal)
        .Replace("{weights}", Fixtures.TinyWeights, StringComparison.Ordinal)
        .Replace("{file}", _directory.File("earlier.txt"), StringComparison.Ordinal)
        .Replace("{missing-dir}", Path.Combine(_directory.Path, "no-such-directory"), StringComparison.Ordinal)
        .Replace("{dir}", _directory.Path, StringComparison.Ordinal);
}
