using System;
using System.IO;
using System.Linq;
using FluentAssertions;
using ShuffleNet.Torch.Measurement;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Onnx.Tests;

public sealed class OnnxImageClassifierTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(ShuffleNetV2Width.X0_5)]
    [InlineData(ShuffleNetV2Width.X1_0)]
    [InlineData(ShuffleNetV2Width.X1_5)]
    [InlineData(ShuffleNetV2Width.X2_0)]
    public void Run_EachWidthWithTrainedStatistics_MatchesTheTorchSharpForwardWithin1e4(ShuffleNetV2Width width)
    {
        using var scope = NewDisposeScope();
        manual_seed(21);
        using var model = ShuffleNetV2.Create(width);
        TrainedLikeBatchNorm.Apply(model, seed: 8);
        model.eval();
        var x = rand(2, 3, 224, 224);
        using var noGrad = no_grad();
        var expected = model.call(x);
        using var onnx = OnnxImageClassifier.FromModel(model, intraOpThreads: 2);

        var actual = onnx.Run(x);

        var maxAbsDiff = (actual - expected).abs().max().item<float>();
        output.WriteLine($"{width}: max |onnx - torchsharp| = {maxAbsDiff:E2}, max |torchsharp| = {expected.abs().max().item<float>():F3}");
        actual.shape.Should().Equal(2, 1000);
        maxAbsDiff.Should().BeLessThan(1e-4f);
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(1, 7, 9)]
    [InlineData(3, 97, 131)]
    [InlineData(2, 224, 160)]
    public void Run_DynamicBatchAndImageSize_MatchesTheTorchSharpForward(int batch, int height, int width)
    {
        using var scope = NewDisposeScope();
        manual_seed(4);
        using var model = ShuffleNetV2.Create([2, 3, 2], [16, 32, 64, 128, 256], numClasses: 7);
        TrainedLikeBatchNorm.Apply(model, seed: 3);
        model.eval();
        var x = rand(batch, 3, height, width);
        using var noGrad = no_grad();
        using var onnx = OnnxImageClassifier.FromModel(model, intraOpThreads: 1);

        var actual = onnx.Run(x);

        onnx.InputHeight.Should().BeNull();
        onnx.InputWidth.Should().BeNull();
        onnx.NumClasses.Should().Be(7);
        actual.shape.Should().Equal(batch, 7);
        actual.allclose(model.call(x), rtol: 0, atol: 1e-4).Should().BeTrue();
    }

    [Fact]
    public void Load_ExportedFile_RunsLikeTheModelAndDescribesItsInputAndOutput()
    {
        using var scope = NewDisposeScope();
        using var file = new TemporaryFile();
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5, numClasses: 10);
        TrainedLikeBatchNorm.Apply(model, seed: 6);
        model.eval();
        var x = rand(2, 3, 96, 96);
        using var noGrad = no_grad();

        model.ExportToOnnx(file.Path);
        using var onnx = OnnxImageClassifier.Load(file.Path, intraOpThreads: 2);

        onnx.InputName.Should().Be("input");
        onnx.OutputName.Should().Be("output");
        onnx.NumClasses.Should().Be(10);
        onnx.IntraOpThreads.Should().Be(2);
        onnx.Run(x).allclose(model.call(x), rtol: 0, atol: 1e-4).Should().BeTrue();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Load_AllowSpinning_IsReportedAndLeavesTheScoresUnchanged(bool allowSpinning)
    {
        using var scope = NewDisposeScope();
        using var file = new TemporaryFile();
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5, numClasses: 10);
        TrainedLikeBatchNorm.Apply(model, seed: 5);
        model.ExportToOnnx(file.Path);
        var x = rand(2, 3, 64, 64);
        using var defaultSession = OnnxImageClassifier.Load(file.Path, intraOpThreads: 2);

        using var onnx = OnnxImageClassifier.Load(file.Path, intraOpThreads: 2, allowSpinning: allowSpinning);

        onnx.AllowSpinning.Should().Be(allowSpinning);
        onnx.Run(x).allclose(defaultSession.Run(x), rtol: 0, atol: 0).Should().BeTrue();
    }

    [Fact]
    public void LoadAndFromModel_Defaults_AllowSpinningAsOnnxRuntimeDoes()
    {
        using var file = new TemporaryFile();
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5, numClasses: 10);
        using var fused = model.FuseForInference();
        model.ExportToOnnx(file.Path);

        using var loaded = OnnxImageClassifier.Load(file.Path);
        using var fromModel = OnnxImageClassifier.FromModel(model);
        using var fromFused = OnnxImageClassifier.FromModel(fused);

        new[] { loaded, fromModel, fromFused }.Select(o => o.AllowSpinning).Should().Equal(true, true, true);
    }

    [Fact]
    public void FromModel_SpinningDisabled_IsReportedForPlainAndFusedModels()
    {
        using var scope = NewDisposeScope();
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5, numClasses: 10);
        TrainedLikeBatchNorm.Apply(model, seed: 9);
        using var fused = model.FuseForInference();
        var x = rand(1, 3, 48, 48);
        using var spinning = OnnxImageClassifier.FromModel(model, intraOpThreads: 2);

        using var fromModel = OnnxImageClassifier.FromModel(model, intraOpThreads: 2, allowSpinning: false);
        using var fromFused = OnnxImageClassifier.FromModel(fused, intraOpThreads: 2, allowSpinning: false);

        fromModel.AllowSpinning.Should().BeFalse();
        fromFused.AllowSpinning.Should().BeFalse();
        fromModel.Run(x).allclose(spinning.Run(x), rtol: 0, atol: 0).Should().BeTrue();
        fromFused.Run(x).allclose(spinning.Run(x), rtol: 0, atol: 0).Should().BeTrue();
    }

    [Fact]
    public void FromModel_FusedModel_GivesTheSameScoresAsTheUnfusedExport()
    {
        using var scope = NewDisposeScope();
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5);
        TrainedLikeBatchNorm.Apply(model, seed: 2);
        using var fused = model.FuseForInference();
        var x = rand(1, 3, 64, 64);

        using var fromModel = OnnxImageClassifier.FromModel(model);
        using var fromFused = OnnxImageClassifier.FromModel(fused);

        fromFused.Run(x).allclose(fromModel.Run(x), rtol: 0, atol: 0).Should().BeTrue();
    }

    [Fact]
    public void Run_FixedSizeExport_AcceptsThatSizeAndRejectsAnotherNamingBoth()
    {
        using var scope = NewDisposeScope();
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5);
        model.eval();
        using var onnx = OnnxImageClassifier.FromModel(model, exportOptions: new OnnxExportOptions { InputHeight = 64, InputWidth = 48 });
        using var noGrad = no_grad();

        var x = rand(3, 3, 64, 48);
        var act = () => onnx.Run(rand(1, 3, 48, 64));

        onnx.InputHeight.Should().Be(64);
        onnx.InputWidth.Should().Be(48);
        onnx.Run(x).allclose(model.call(x), rtol: 0, atol: 1e-4).Should().BeTrue();
        act.Should().Throw<ArgumentException>().WithMessage("*exported for 64×48 images, got 48×64*").Which.ParamName.Should().Be("input");
    }

    [Fact]
    public void Run_FloatArray_GivesTheSameScoresAsTheTensorOverload()
    {
        using var scope = NewDisposeScope();
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5, numClasses: 5);
        using var onnx = OnnxImageClassifier.FromModel(model);
        var x = rand(2, 3, 40, 56);

        var scores = onnx.Run(x.data<float>().ToArray(), batchSize: 2, height: 40, width: 56);

        scores.Should().Equal(onnx.Run(x).data<float>().ToArray());
    }

    [Fact]
    public void Run_DoubleTensor_IsConvertedToFloat()
    {
        using var scope = NewDisposeScope();
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5, numClasses: 5);
        using var onnx = OnnxImageClassifier.FromModel(model);
        var x = rand(1, 3, 32, 32);

        onnx.Run(x.to_type(float64)).allclose(onnx.Run(x), rtol: 0, atol: 0).Should().BeTrue();
    }

    [Fact]
    public void Run_NonContiguousTensor_GivesTheSameScoresAsItsContiguousCopy()
    {
        using var scope = NewDisposeScope();
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5, numClasses: 5);
        using var onnx = OnnxImageClassifier.FromModel(model);
        var x = rand(2, 3, 40, 56).transpose(2, 3);

        x.is_contiguous().Should().BeFalse();
        onnx.Run(x).allclose(onnx.Run(x.contiguous()), rtol: 0, atol: 0).Should().BeTrue();
    }

    [Theory]
    [InlineData(new long[] { 1, 4, 32, 32 })]
    [InlineData(new long[] { 3, 32, 32 })]
    [InlineData(new long[] { 0, 3, 32, 32 })]
    public void Run_WrongShape_ThrowsNamingTheShape(long[] shape)
    {
        using var scope = NewDisposeScope();
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5);
        using var onnx = OnnxImageClassifier.FromModel(model);

        var act = () => onnx.Run(rand(shape));

        act.Should().Throw<ArgumentException>().WithMessage($"*[batch, 3, height, width]*[{string.Join(", ", shape)}]*").Which.ParamName.Should().Be("input");
    }

    [Theory]
    [InlineData(100, 1, 8, 8, "*holds 100 floats*1×3×8×8 images need 192*")]
    [InlineData(0, 0, 8, 8, "*[batch, 3, height, width]*[0, 3, 8, 8]*")]
    [InlineData(192, 1, -8, -8, "*[batch, 3, height, width]*[1, 3, -8, -8]*")]
    public void Run_FloatArrayOfWrongSize_ThrowsNamingTheSizes(int length, int batch, int height, int width, string message)
    {
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5);
        using var onnx = OnnxImageClassifier.FromModel(model);

        var act = () => onnx.Run(new float[length], batch, height, width);

        act.Should().Throw<ArgumentException>().WithMessage(message).Which.ParamName.Should().Be("input");
    }

    [Fact]
    public void Run_AfterDispose_ThrowsObjectDisposedException()
    {
        using var scope = NewDisposeScope();
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5);
        var onnx = OnnxImageClassifier.FromModel(model);
        onnx.Dispose();

        var act = () => onnx.Run(rand(1, 3, 32, 32));

        act.Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    public void Load_MissingFile_ThrowsFileNotFoundNamingThePath()
    {
        var path = Path.Combine(Path.GetTempPath(), "no-such-dir-" + Guid.NewGuid().ToString("N"), "model.onnx");

        var act = () => OnnxImageClassifier.Load(path);

        act.Should().Throw<FileNotFoundException>().WithMessage($"*{path}*").Which.FileName.Should().Be(path);
    }

    [Fact]
    public void Load_NotAnOnnxFile_ThrowsInvalidDataNamingThePath()
    {
        using var file = new TemporaryFile();
        File.WriteAllText(file.Path, "not a model");

        var act = () => OnnxImageClassifier.Load(file.Path);

        act.Should().Throw<InvalidDataException>().WithMessage($"*cannot load '{file.Path}'*");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Load_NoPath_ThrowsNamingTheParameter(string? path)
    {
        var act = () => OnnxImageClassifier.Load(path!);

        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("path");
    }

    [Fact]
    public void FromModel_NegativeThreadCount_ThrowsNamingTheValue()
    {
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5);

        var act = () => OnnxImageClassifier.FromModel(model, intraOpThreads: -2);

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*intraOpThreads*got -2*").Which.ParamName.Should().Be("intraOpThreads");
    }
}
