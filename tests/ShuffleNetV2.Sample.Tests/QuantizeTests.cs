using System;
using System.IO;
using System.Text.Json;
using FluentAssertions;
using ShuffleNet.Torch.Onnx;
using Xunit;
using Xunit.Abstractions;

namespace ShuffleNet.Torch.Sample.Tests;

/// <summary>quantize on a tiny train run that learnt something, and evaluate --onnx on the int8 file it writes.</summary>
public sealed class QuantizeTests(LearnedRun learned, ITestOutputHelper testOutput) : IClassFixture<LearnedRun>, IDisposable
{
    private readonly TrainedRun _run = learned.Run;
    private readonly TemporaryDirectory _directory = new();

    [Fact]
    public void Quantize_TrainRunsModel_WritesAnInt8FileThatEvaluateOnnxScoresLikeTheFloatFile()
    {
        var output = _directory.File("model.int8.onnx");

        var quantize = SampleRun.Of("quantize", "--weights", _run.File("model.pth"), "--data", _run.Data, "--output", output, "--calibration-batches", "2");
        var int8 = Evaluate(output);
        var float32 = Evaluate(_run.File("model.onnx"));

        quantize.ExitCode.Should().Be(0, quantize.ToString());
        quantize.Stdout.Should().StartWith($"Quantized '{_run.File("model.pth")}' to {output}: int8 QDQ, ONNX opset 13, 10 classes; calibrated by percentile 99.99 on 2 batches (64 images) of the train split of '{_run.Data}' with the eval transform ");
        quantize.Stdout.Should().Contain($"(from {_run.File("model.json")})");
        // 0.36x here (measured): with 10 classes the depthwise convolutions dominate, and each output channel keeps a
        // float weight scale, an int32 bias and its float scale beside 9 int8 weights. The 1000-class 0.5x file is at
        // most 0.3x (the library's test); half is far below a file that kept float weights.
        new FileInfo(output).Length.Should().BeLessThan(new FileInfo(_run.File("model.onnx")).Length / 2);
        using (var session = OnnxImageClassifier.Load(output, intraOpThreads: 1))
        using (var floatSession = OnnxImageClassifier.Load(_run.File("model.onnx"), intraOpThreads: 1))
        {
            session.Labels.Should().Equal(TrainingData.FashionClasses);
            session.Preprocessing!.ToString().Should().Be(floatSession.Preprocessing!.ToString());
        }

        int8.GetProperty("count").GetInt32().Should().Be(100);
        int8.GetProperty("eval_transform_source").GetString().Should().Be(output, "the int8 file's metadata holds the card");
        int8.GetProperty("eval_transform").GetRawText().Should().Be(float32.GetProperty("eval_transform").GetRawText());
        var int8Top1 = int8.GetProperty("top1").GetDouble();
        var floatTop1 = float32.GetProperty("top1").GetDouble();
        testOutput.WriteLine($"top-1 on the 100 test images: float {floatTop1} %, int8 {int8Top1} %");
        floatTop1.Should().BeGreaterThan(25, "the tiny run has learnt something, so a broken int8 file (about 10 %) would show");
        int8Top1.Should().BeApproximately(floatTop1, 6, "100 test images: each is one point; int8 may flip a few");
    }

    [Theory]
    [InlineData("minmax", "min/max")]
    [InlineData("entropy", "entropy")]
    [InlineData("PERCENTILE", "percentile 99.99")]
    public void Quantize_Method_CalibratesWithIt(string method, string described)
    {
        var output = _directory.File($"{method}.onnx");

        var quantize = SampleRun.Of("quantize", "--weights", _run.File("model.pth"), "--data", _run.Data, "--output", output, "--calibration-batches", "1", "--method", method, "--batch", "16");

        quantize.ExitCode.Should().Be(0, quantize.ToString());
        quantize.Stdout.Should().Contain($"calibrated by {described} on 1 batches (16 images)");
        using var session = OnnxImageClassifier.Load(output, intraOpThreads: 1);
        session.NumClasses.Should().Be(10);
    }

    [Fact]
    public void Quantize_FloatStem_KeepsTheStemInFloatAndSaysSo()
    {
        var stem = _directory.File("stem.onnx");
        var plain = _directory.File("plain.onnx");

        var withStem = SampleRun.Of("quantize", "--weights", _run.File("model.pth"), "--data", _run.Data, "--output", stem, "--calibration-batches", "1", "--batch", "16", "--float-stem");
        var without = SampleRun.Of("quantize", "--weights", _run.File("model.pth"), "--data", _run.Data, "--output", plain, "--calibration-batches", "1", "--batch", "16");

        withStem.ExitCode.Should().Be(0, withStem.ToString());
        without.ExitCode.Should().Be(0, without.ToString());
        withStem.Stdout.Should().Contain("; kept in float: conv1.0; ");
        without.Stdout.Should().NotContain("kept in float");
        new FileInfo(stem).Length.Should().NotBe(new FileInfo(plain).Length, "the stem's weights are stored in float instead of int8");
    }

    [Fact]
    public void Quantize_LastBatchHoldsFewerImages_CountsTheImagesCalibratedOn()
    {
        var output = _directory.File("partial.onnx");

        var quantize = SampleRun.Of("quantize", "--weights", _run.Output, "--data", _run.Data, "--output", output, "--batch", "64", "--calibration-batches", "5", "--method", "minmax");

        quantize.ExitCode.Should().Be(0, quantize.ToString());
        quantize.Stdout.Should().Contain("calibrated by min/max on 4 batches (200 images) of the train split", "the 200 training images make 3 batches of 64 and one of 8");
    }

    [Fact]
    public void Quantize_FromTheBestCheckpoint_ReadsTheRunsRecord()
    {
        var output = _directory.File("best.onnx");

        var quantize = SampleRun.Of("quantize", "--weights", _run.File("best.ckpt"), "--data", _run.Data, "--output", output, "--calibration-batches", "1");

        quantize.ExitCode.Should().Be(0, quantize.ToString());
        File.Exists(output).Should().BeTrue();
    }

    public void Dispose() => _directory.Dispose();

    private JsonElement Evaluate(string onnx)
    {
        var evaluate = SampleRun.Of("evaluate", "--onnx", onnx, "--data", _run.Data, "--format", "json", "--workers", "0");
        evaluate.ExitCode.Should().Be(0, evaluate.ToString());
        return JsonDocument.Parse(evaluate.LastLine).RootElement.Clone();
    }
}
