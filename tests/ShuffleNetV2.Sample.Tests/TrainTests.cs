using System.IO;
using System.Linq;
using System.Text.Json;
using FluentAssertions;
using ShuffleNet.Torch.Onnx;
using SkiaSharp;
using TorchCheckpoints;
using TorchTraining.Checkpoints;
using TorchTraining.Metrics;
using Xunit;

namespace ShuffleNet.Torch.Sample.Tests;

/// <summary>train end to end on a tiny Fashion-MNIST cut: every file it writes is there and valid, and evaluate agrees with it.</summary>
[Collection(nameof(TrainedRun))]
public sealed class TrainTests(TrainedRun run)
{
    [Fact]
    public void Train_TinyRun_LastStdoutLineIsTheResultAsJson()
    {
        var result = run.Result;
        result.GetProperty("epochs").GetInt32().Should().Be(TrainedRun.Epochs);
        result.GetProperty("test_top1").GetDouble().Should().BeInRange(0, 100);
        result.GetProperty("test_top5").GetDouble().Should().BeInRange(result.GetProperty("test_top1").GetDouble(), 100);
        result.GetProperty("final_train_loss").GetDouble().Should().BePositive();
        result.GetProperty("train_images_per_second").GetDouble().Should().BePositive();
        result.GetProperty("train_images").GetInt32().Should().Be(200);
        result.GetProperty("test_images").GetInt32().Should().Be(100);
        result.GetProperty("classes").EnumerateArray().Select(c => c.GetString()).Should().Equal(TrainingData.FashionClasses);
        var transform = result.GetProperty("eval_transform");
        transform.GetProperty("size").EnumerateArray().Select(e => e.GetInt32()).Should().Equal(32, 32);
        transform.GetProperty("mean").GetArrayLength().Should().Be(3);
        transform.GetProperty("std").EnumerateArray().Should().OnlyContain(e => e.GetDouble() > 0);
        result.GetProperty("files").EnumerateObject().Select(p => p.Value.GetString()).Should().OnlyContain(path => File.Exists(path));
        run.Run.Stderr.Should().NotContain("\u001b", "progress written to a writer that is no terminal is plain text");
    }

    [Fact]
    public void Train_TinyRun_ModelPthIsPyTorchZipInTorchvisionKeysThatLoadsStrictly()
    {
        var path = run.File("model.pth");
        using var checkpoint = CheckpointReader.Read(path);
        checkpoint.Format.Should().Be(CheckpointFormat.PyTorchZip);
        checkpoint.Entries.Select(e => e.Key).Should().Contain("stage2.0.branch1.0.weight").And.Contain("fc.weight").And.NotContain(k => k.StartsWith("inverted_block", System.StringComparison.Ordinal));

        using var model = ShuffleNetV2.FromWeights(path);   // strict by default: every key, every shape
        model.NumClasses.Should().Be(10);
        model.Architecture.Should().Be(ShuffleNetV2Architecture.X0_5);
    }

    [Fact]
    public void Train_TinyRun_MetricsHoldAHeaderAndOneRowPerEpoch()
    {
        var csv = File.ReadAllLines(run.File("metrics.csv"));
        csv.Should().HaveCount(TrainedRun.Epochs + 1);
        csv[0].Should().Be(MetricsFormat.CsvHeader);
        var records = MetricsFormat.ParseJsonLines(File.ReadAllText(run.File("metrics.jsonl")));
        records.Select(r => r.Epoch).Should().Equal(0, 1);
        records[^1].TestTop1.Should().BeApproximately(run.Result.GetProperty("test_top1").GetDouble() / 100, 1e-9);
        records[^1].TrainLoss.Should().Be(run.Result.GetProperty("final_train_loss").GetDouble());
    }

    [Fact]
    public void Train_TinyRun_CheckpointsStandAtTheEnd()
    {
        var last = TrainingCheckpoint.ReadInfo(run.File(TrainingCheckpoint.LastFileName));
        last.Epoch.Should().Be(TrainedRun.Epochs);
        last.IsMidEpoch.Should().BeFalse();
        TrainingCheckpoint.ReadInfo(run.File(TrainingCheckpoint.BestFileName)).BestTop1.Should().Be(last.BestTop1);
    }

    [Theory]
    [InlineData("curves.png", 1200, 500)]
    [InlineData("confusion.png", 0, 0)]
    public void Train_TinyRun_PicturesDecode(string name, int width, int height)
    {
        using var bitmap = SKBitmap.Decode(run.File(name));
        bitmap.Should().NotBeNull();
        if (width > 0)
        {
            bitmap.Width.Should().Be(width);
            bitmap.Height.Should().Be(height);
        }
        else
        {
            bitmap.Width.Should().BeGreaterThan(600);
        }
    }

    [Fact]
    public void Train_TinyRun_OnnxFileRecordsTheEvalTransformAndTheClassNames()
    {
        using var onnx = OnnxImageClassifier.Load(run.File("model.onnx"));
        var transform = run.Result.GetProperty("eval_transform");
        onnx.NumClasses.Should().Be(10);
        onnx.Labels.Should().Equal(TrainingData.FashionClasses);
        onnx.Preprocessing!.CropHeight.Should().Be(32);
        onnx.Card!.Classes.Should().Equal(TrainingData.FashionClasses);
        onnx.Preprocessing.ResizeSize.Should().Be(transform.GetProperty("resize").GetInt32());
        onnx.Preprocessing.Mean.Should().Equal(transform.GetProperty("mean").EnumerateArray().Select(e => e.GetSingle()));
        onnx.Preprocessing.Std.Should().Equal(transform.GetProperty("std").EnumerateArray().Select(e => e.GetSingle()));
    }

    [Theory]
    [InlineData("model.pth")]
    [InlineData("last.ckpt")]
    public void Evaluate_WeightsOfTheRun_AgreesWithTheRunsFinalTestTop1(string file)
    {
        var evaluation = SampleRun.Of("evaluate", "--weights", run.File(file), "--data", run.Data, "--format", "json", "--workers", "0");

        evaluation.ExitCode.Should().Be(0, evaluation.ToString());
        var result = JsonDocument.Parse(evaluation.LastLine).RootElement;
        result.GetProperty("top1").GetDouble().Should().Be(run.Result.GetProperty("test_top1").GetDouble());
        result.GetProperty("top5").GetDouble().Should().Be(run.Result.GetProperty("test_top5").GetDouble());
        result.GetProperty("count").GetInt32().Should().Be(100);
        result.GetProperty("per_class").EnumerateArray().Select(c => c.GetProperty("count").GetInt32()).Should().Equal(Enumerable.Repeat(10, 10));
        result.GetProperty("eval_transform_source").GetString().Should().Be(run.File(file == "model.pth" ? "model.json" : file), "model.pth's card is model.json beside it; a checkpoint holds its own");
    }

    [Fact]
    public void Evaluate_OnnxOfTheRun_UsesItsMetadataAndAgreesWithinAnImage()
    {
        var evaluation = SampleRun.Of("evaluate", "--onnx", run.File("model.onnx"), "--data", run.Data, "--format", "json", "--workers", "0", "--threads", "1");

        evaluation.ExitCode.Should().Be(0, evaluation.ToString());
        var result = JsonDocument.Parse(evaluation.LastLine).RootElement;
        result.GetProperty("eval_transform_source").GetString().Should().Be(run.File("model.onnx"), "the card is in the file's metadata");
        result.GetProperty("top1").GetDouble().Should().BeApproximately(run.Result.GetProperty("test_top1").GetDouble(), 1.0, "BatchNorm folded in ONNX may flip at most one of 100 borderline images");
    }

    [Fact]
    public void Evaluate_Table_ListsEveryClass()
    {
        var evaluation = SampleRun.Of("evaluate", "--weights", run.File("model.pth"), "--data", run.Data, "--workers", "0");

        evaluation.ExitCode.Should().Be(0, evaluation.ToString());
        evaluation.Stdout.Should().Contain("top-1  ").And.Contain("Ankle boot").And.Contain($"(from {run.File("model.json")})");
    }
}
