using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using FluentAssertions;
using Xunit;

namespace ShuffleNet.Torch.Sample.Tests;

/// <summary>train's bad input: one line on stderr naming the file or value, exit code 2, nothing written into --output.</summary>
public sealed class TrainBadInputTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    private string Output => _directory.File("run");

    [Fact]
    public void Train_MissingDataFolder_NamesIt()
    {
        var missing = _directory.File("no-such-data");

        ShouldFail(Train(missing), $"error: --data: No data folder at '{missing}'.");
    }

    [Fact]
    public void Train_MissingDataFolder_CreatesNothingAtTheOutput()
    {
        var output = _directory.File(Path.Combine("runs", "first"));

        var run = Train(_directory.File("no-such-data"), output);

        run.ExitCode.Should().Be(2, run.ToString());
        Directory.Exists(_directory.File("runs")).Should().BeFalse("the data is checked before the output folder is created");
        Directory.GetFileSystemEntries(_directory.Path).Should().BeEmpty();
    }

    [Fact]
    public void Train_FolderWithNeitherIdxFilesNorClassFolders_SaysWhatItExpects()
    {
        var empty = Directory.CreateDirectory(_directory.File("empty")).FullName;

        ShouldFail(Train(empty), $"error: --data: '{empty}' holds neither MNIST-layout IDX files*");
    }

    [Fact]
    public void Train_IdxWithWrongMagic_NamesTheFile()
    {
        var data = TrainingData.SmallFashion(_directory.Path, 2, 1);
        var (images, labels) = Read(data, "train");
        BinaryPrimitives.WriteInt32BigEndian(images, 0x0803_0000);
        TrainingData.Write(data, "train", images, labels);

        ShouldFail(Train(data), $"error: '{Path.Combine(data, "train-images-idx3-ubyte")}' is not an IDX image file: magic number 0x08030000, expected 0x00000803.");
    }

    [Fact]
    public void Train_TruncatedIdx_NamesTheFile()
    {
        var data = TrainingData.SmallFashion(_directory.Path, 2, 1);
        var (images, labels) = Read(data, "t10k");
        TrainingData.Write(data, "t10k", images[..^100], labels);

        ShouldFail(Train(data), $"error: IDX file '{Path.Combine(data, "t10k-images-idx3-ubyte")}' is truncated: *");
    }

    [Fact]
    public void Train_IdxImageAndLabelCountsDiffer_NamesBothFiles()
    {
        var data = TrainingData.SmallFashion(_directory.Path, 2, 1);
        var (_, labels) = Read(data, "train");
        var (otherImages, _) = Read(TrainingData.SmallFashion(_directory.Path, 3, 1), "train");
        TrainingData.Write(data, "train", otherImages, labels);

        ShouldFail(Train(data), $"error: IDX files disagree: '{Path.Combine(data, "train-images-idx3-ubyte")}' holds 30 images, '{Path.Combine(data, "train-labels-idx1-ubyte")}' 20 labels.");
    }

    [Fact]
    public void Train_LabelOutOfRange_NamesTheFileAndTheSample()
    {
        var data = TrainingData.SmallFashion(_directory.Path, 2, 1);
        var (images, labels) = Read(data, "train");
        labels[8 + 5] = 12;
        TrainingData.Write(data, "train", images, labels);

        ShouldFail(Train(data), $"error: IDX label file '{Path.Combine(data, "train-labels-idx1-ubyte")}': label 12 of sample 5 is outside the 10 classes (0 to 9).");
    }

    [Fact]
    public void Train_ImageFolderWithAnEmptyClassFolder_NamesIt()
    {
        var root = TrainingData.ImageFolder(_directory.Path, ["circle", "square"], 3);
        Directory.CreateDirectory(Path.Combine(root, "triangle"));

        ShouldFail(Train(root), $"error: Image folder '{root}': class folder(s) 'triangle' hold no image files*");
    }

    [Fact]
    public void Train_ImageFolderWithOneClass_SaysTwoAreNeeded()
    {
        var root = TrainingData.ImageFolder(_directory.Path, ["circle"], 3);

        ShouldFail(Train(root), $"error: Image folder '{root}' has a single class subfolder ('circle'): classification needs at least two.");
    }

    [Fact]
    public void Train_UnreadableImage_NamesTheFileAndTheOption()
    {
        var root = TrainingData.ImageFolder(_directory.Path, ["circle", "square"], 4);
        var broken = Path.Combine(root, "square", "02.png");
        File.WriteAllText(broken, "not a picture");

        var run = SampleRun.Of(["train", "--data", root, "--output", Output, "--size", "32", "--batch", "2", "--epochs", "1", "--width", "0.5", "--workers", "0", "--val-fraction", "0.25"]);

        run.ExitCode.Should().Be(2, run.ToString());
        run.ErrorLines.Last().Should().Match($"error: Image file '{broken}' is not an image that can be decoded*--skip-unreadable*");
    }

    [Fact]
    public void Train_UnreadableImageWithSkipUnreadable_TrainsAndSaysHowManyItSkipped()
    {
        var root = TrainingData.ImageFolder(_directory.Path, ["circle", "square"], 4);
        File.WriteAllText(Path.Combine(root, "square", "02.png"), "not a picture");

        var run = SampleRun.Of(["train", "--data", root, "--output", Output, "--size", "32", "--batch", "2", "--epochs", "1", "--width", "0.5", "--workers", "0",
            "--val-fraction", "0.25", "--skip-unreadable", "--format", "json"]);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stderr.Should().Contain($"note: 1 image file(s) that cannot be decoded were left out, e.g. '{Path.Combine(root, "square", "02.png")}'.");
        System.Text.Json.JsonDocument.Parse(run.LastLine).RootElement.GetProperty("skipped_files").GetInt32().Should().Be(1);
    }

    [Fact]
    public void Train_OutputIsAFile_Refused()
    {
        var file = _directory.File("a-file");
        File.WriteAllText(file, "keep");

        ShouldFail(Train(TrainingData.FashionSubset, file), $"error: --output '{file}' is a file; give a folder for the run's files.");
        File.ReadAllText(file).Should().Be("keep");
    }

    [Fact]
    public void Train_OutputCannotBeCreated_NamesTheFolder()
    {
        var file = _directory.File("a-file");
        File.WriteAllText(file, "keep");
        var below = Path.Combine(file, "run");

        ShouldFail(Train(TrainingData.FashionSubset, below), $"error: --output '{below}' cannot be created: '{file}' is a file.");
    }

    [Theory]
    [InlineData("--epochs 0", "--epochs must be a whole number of 1 or more, got '0'.")]
    [InlineData("--lr -1", "--lr must be a number above 0 (e.g. 0.1 or 1e-3), got '-1'.")]
    [InlineData("--lr abc", "--lr must be a number above 0 (e.g. 0.1 or 1e-3), got 'abc'.")]
    [InlineData("--optimizer adam", "--optimizer must be sgd or adamw, got 'adam'.")]
    [InlineData("--label-smoothing 1", "--label-smoothing must be a number from 0 up to (not including) 1, got '1'.")]
    [InlineData("--val-fraction 1.5", "--val-fraction must be a number between 0 and 1 (not 0, not 1), e.g. 0.2, got '1.5'.")]
    [InlineData("--format csv", "--format must be table or json, got 'csv'.")]
    [InlineData("--size 32x32", "--size must be a whole number of 1 or more, got '32x32'.")]
    [InlineData("--epochs 2 --warmup-epochs 2", "--warmup-epochs must be below --epochs (2): the cosine decay needs the epochs after the warm-up, got 2.")]
    [InlineData("--freeze-backbone-epochs 1", "--freeze-backbone-epochs and --backbone-lr-scale fine-tune pretrained features, but the network starts from scratch: leave them out, or start from pretrained weights.")]
    [InlineData("--val-fraction 0.2", "--val-fraction splits an image folder; IDX data has its own test files (t10k-*).")]
    [InlineData("--resume missing.ckpt", "--resume: no file at 'missing.ckpt'.")]
    [InlineData("--weights missing.pth", "--weights: no file at 'missing.pth'.")]
    public void Train_BadOption_NamesTheOptionAndTheValue(string options, string message)
    {
        ShouldFail(SampleRun.Of(["train", "--data", TrainingData.FashionSubset, "--output", Output, .. options.Split(' ')]), "error: " + message);
    }

    [Fact]
    public void Train_RequiredOptionsMissing_SaysWhich()
    {
        var run = SampleRun.Of("train", "--output", Output);

        ShouldFail(run, "error: Option '--data' is required.");
    }

    public void Dispose() => _directory.Dispose();

    private static (byte[] Images, byte[] Labels) Read(string folder, string prefix) =>
        (File.ReadAllBytes(Path.Combine(folder, $"{prefix}-images-idx3-ubyte")), File.ReadAllBytes(Path.Combine(folder, $"{prefix}-labels-idx1-ubyte")));

    private string[] Args(string data, string? output = null) =>
        ["train", "--data", data, "--output", output ?? Output, "--size", "32", "--batch", "4", "--epochs", "1", "--width", "0.5", "--workers", "0"];

    private SampleRun Train(string data, string? output = null) => SampleRun.Of(Args(data, output));

    private void ShouldFail(SampleRun run, string pattern)
    {
        run.ExitCode.Should().Be(2, run.ToString());
        run.Stdout.Should().BeEmpty();
        run.ErrorLines.Should().ContainSingle().Which.Should().Match(pattern);
        if (Directory.Exists(Output))
        {
            Directory.GetFiles(Output).Select(Path.GetFileName).Should().BeSubsetOf(["model.json"], "a failed run leaves at most its model record");
        }
    }
}
