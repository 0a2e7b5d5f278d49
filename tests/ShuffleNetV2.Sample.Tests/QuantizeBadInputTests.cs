using System;
using System.Buffers.Binary;
using System.IO;
using FluentAssertions;
using Xunit;

namespace ShuffleNet.Torch.Sample.Tests;

/// <summary>quantize's mistakes: one line on stderr naming the value or path, exit code 2, no file written or replaced.</summary>
public sealed class QuantizeBadInputTests : IDisposable
{
    private static readonly string[] Transform = ["--size", "32", "--resize", "32", "--mean", "0.5,0.5,0.5", "--std", "0.25,0.25,0.25"];
    private static readonly byte[] EarlierContent = [1, 2, 3];

    private readonly TemporaryDirectory _directory = new();

    private string Output => _directory.File("model.int8.onnx");

    [Fact]
    public void Quantize_EmptyTrainSplit_NamesTheDataAndKeepsAnEarlierFile()
    {
        var data = TrainingData.SmallFashion(_directory.Path, perClassTrain: 1, perClassTest: 1);
        var images = new byte[16];
        var labels = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(images, 0x0803);
        BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(8), 28);
        BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(12), 28);
        BinaryPrimitives.WriteInt32BigEndian(labels, 0x0801);
        TrainingData.Write(data, "train", images, labels);
        File.WriteAllBytes(Output, EarlierContent);

        var run = Quantize(["--data", data, .. Transform]);

        ShouldFail(run, $"error: --data: '{data}' holds no training images to calibrate on. Nothing was written to '{Output}'.");
        File.ReadAllBytes(Output).Should().Equal(EarlierContent);
        Directory.GetFiles(_directory.Path, "*.tmp").Should().BeEmpty();
    }

    [Fact]
    public void Quantize_MissingDataFolder_NamesItAndWritesNothing()
    {
        var missing = _directory.File("no-such-data");

        ShouldFail(Quantize(["--data", missing, .. Transform]), $"error: --data: No data folder at '{missing}'. Nothing was written to '{Output}'.");
        File.Exists(Output).Should().BeFalse();
    }

    [Fact]
    public void Quantize_WeightsWithoutARecordOrOptions_AsksForTheTransform()
    {
        ShouldFail(Quantize("--data", TrainingData.FashionSubset),
            $"error: '{Fixtures.TinyWeights}' has no model card (no model.json beside it, none in a checkpoint or the ONNX metadata) to say how its images are prepared: give --size, --mean and --std (and --resize to resize first).");
        File.Exists(Output).Should().BeFalse();
    }

    [Fact]
    public void Quantize_ModelWithOtherClassCount_Refused()
    {
        var data = TrainingData.ImageFolderOfTwo.Value;

        ShouldFail(Quantize(["--data", data, .. Transform]), $"error: --data: '{Fixtures.TinyWeights}' has 10 classes but the data in '{data}' has 2. Nothing was written to '{Output}'.");
        File.Exists(Output).Should().BeFalse();
    }

    [Fact]
    public void Quantize_WeightsAndTransformGiven_WritesTheFileAndKeepsNoTemporaryOne()
    {
        var run = Quantize(["--data", TrainingData.FashionSubset, "--calibration-batches", "1", "--batch", "8", "--threads", "1", .. Transform]);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Should().Contain("(from the options)");
        File.Exists(Output).Should().BeTrue();
        Directory.GetFiles(_directory.Path).Should().ContainSingle();
    }

    [Theory]
    [InlineData("--method kl", "--method must be minmax, percentile or entropy, got 'kl'.")]
    [InlineData("--calibration-batches 0", "--calibration-batches must be a whole number of 1 or more, got '0'.")]
    [InlineData("--batch x", "--batch must be a whole number of 1 or more, got 'x'.")]
    public void Quantize_BadOption_NamesTheOptionAndTheValue(string options, string message)
    {
        ShouldFail(Quantize(["--data", TrainingData.FashionSubset, .. Transform, .. options.Split(' ')]), "error: " + message);
    }

    [Fact]
    public void Quantize_MissingWeights_NamesTheFile()
    {
        ShouldFail(SampleRun.Of("quantize", "--weights", "missing.pth", "--data", TrainingData.FashionSubset, "--output", Output), "error: --weights: no file or folder at 'missing.pth'.");
    }

    [Fact]
    public void Quantize_OutputInAMissingFolder_NamesTheFolder()
    {
        var folder = _directory.File("missing");

        ShouldFail(SampleRun.Of(["quantize", "--weights", Fixtures.TinyWeights, "--data", TrainingData.FashionSubset, "--output", Path.Combine(folder, "m.onnx"), .. Transform]),
            $"error: --output: the directory '{folder}' does not exist.");
    }

    [Fact]
    public void Quantize_NoOutput_AsksForIt()
    {
        var run = SampleRun.Of(["quantize", "--weights", Fixtures.TinyWeights, "--data", TrainingData.FashionSubset, .. Transform]);

        run.ExitCode.Should().Be(2, run.ToString());
        run.ErrorLines.Should().ContainSingle().Which.Should().Contain("--output");
    }

    public void Dispose() => _directory.Dispose();

    private SampleRun Quantize(params string[] options) => SampleRun.Of(["quantize", "--weights", Fixtures.TinyWeights, "--output", Output, .. options]);

    private static void ShouldFail(SampleRun run, string message)
    {
        run.ExitCode.Should().Be(2, run.ToString());
        run.Stdout.Should().BeEmpty();
        run.ErrorLines.Should().ContainSingle().Which.Should().Match(message);
    }
}
