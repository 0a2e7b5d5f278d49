using System;
using System.IO;
using System.Linq;
using FluentAssertions;
using Google.Protobuf;
using ShuffleNet.Torch.Measurement;
using Xunit;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Onnx.Tests;

public sealed class OnnxExportTests
{
    [Fact]
    public void ExportToOnnx_Always_LeavesTheModelUnchanged()
    {
        using var scope = NewDisposeScope();
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5);
        TrainedLikeBatchNorm.Apply(model, seed: 1);
        model.train();
        var before = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        using var file = new TemporaryFile();

        model.ExportToOnnx(file.Path);

        new FileInfo(file.Path).Length.Should().BeGreaterThan(4 * 1_300_000, "the 0.5x weights are about 1.4 million floats");
        model.training.Should().BeTrue();
        model.state_dict().Where(kv => !kv.Value.equal(before[kv.Key]).all().item<bool>()).Select(kv => kv.Key).Should().BeEmpty();
    }

    [Fact]
    public void ExportToOnnx_ExistingFile_IsReplaced()
    {
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5, numClasses: 3);
        using var file = new TemporaryFile();
        File.WriteAllBytes(file.Path, new byte[50_000_000]);

        model.ExportToOnnx(file.Path);

        File.ReadAllBytes(file.Path).Should().Equal(model.ToOnnxBytes());
    }

    [Fact]
    public void ToOnnxBytes_Always_WritesIrVersion7AndOpset13AtTheTopOfTheModel()
    {
        using var model = ShuffleNetV2.Create([1, 1, 1], [8, 16, 32, 64, 128], numClasses: 4);

        var input = new CodedInputStream(model.ToOnnxBytes());
        long irVersion = 0, opset = 0;
        string? graphName = null;
        for (var tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1:
                    irVersion = input.ReadInt64();
                    break;
                case 7:
                    graphName = ReadStringField(input.ReadBytes(), field: 2);
                    break;
                case 8:
                    var opsetInput = new CodedInputStream(input.ReadBytes().ToByteArray());
                    for (var opsetTag = opsetInput.ReadTag(); opsetTag != 0; opsetTag = opsetInput.ReadTag())
                    {
                        if (WireFormat.GetTagFieldNumber(opsetTag) == 2)
                        {
                            opset = opsetInput.ReadInt64();
                        }
                        else
                        {
                            opsetInput.SkipLastField();
                        }
                    }

                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        irVersion.Should().Be(7);
        opset.Should().Be(13);
        graphName.Should().Be("ShuffleNetV2");
    }

    [Fact]
    public void ExportToOnnx_NullModel_ThrowsNamingTheParameter()
    {
        ShuffleNetV2 model = null!;

        var act = () => model.ExportToOnnx("model.onnx");

        act.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("model");
    }

    [Fact]
    public void ToOnnxBytes_NullFusedModel_ThrowsNamingTheParameter()
    {
        FusedShuffleNetV2 model = null!;

        var act = () => model.ToOnnxBytes();

        act.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("model");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    public void ExportToOnnx_NoPath_ThrowsNamingTheParameter(string? path)
    {
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5);

        var act = () => model.ExportToOnnx(path!);

        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("path");
    }

    [Fact]
    public void ExportToOnnx_DirectoryThatDoesNotExist_ThrowsIOExceptionNamingThePath()
    {
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5);
        var path = Path.Combine(Path.GetTempPath(), "no-such-dir-" + Guid.NewGuid().ToString("N"), "model.onnx");

        var act = () => model.ExportToOnnx(path);

        act.Should().Throw<IOException>().WithMessage($"Cannot write the ONNX file '{path}'*");
    }

    [Fact]
    public void ExportToOnnx_PathIsADirectory_ThrowsIOExceptionNamingThePath()
    {
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5);
        var path = Path.GetTempPath();

        var act = () => model.ExportToOnnx(path);

        act.Should().Throw<IOException>().WithMessage($"Cannot write the ONNX file '{path}'*");
    }

    [Theory]
    [InlineData(0, null, "*input size 0×any is too small*")]
    [InlineData(224, -3, "*input size 224×-3 is too small*")]
    [InlineData(0, 0, "*input size 0×0 is too small*")]
    public void ToOnnxBytes_InputSizeBelowOnePixel_ThrowsNamingTheSize(int? height, int? width, string message)
    {
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5);
        var options = new OnnxExportOptions { InputHeight = height, InputWidth = width };

        var act = () => model.ToOnnxBytes(options);

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage(message).Which.ParamName.Should().Be("options");
    }

    [Fact]
    public void ToOnnxBytes_DisposedModel_ThrowsObjectDisposedException()
    {
        var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5);
        model.Dispose();

        var act = () => model.ToOnnxBytes();

        act.Should().Throw<ObjectDisposedException>().WithMessage("*ShuffleNetV2*");
    }

    [Fact]
    public void ToOnnxBytes_DisposedFusedModel_ThrowsObjectDisposedException()
    {
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5);
        var fused = model.FuseForInference();
        fused.Dispose();

        var act = () => fused.ToOnnxBytes();

        act.Should().Throw<ObjectDisposedException>().WithMessage("*FusedShuffleNetV2*");
    }

    private static string? ReadStringField(ByteString message, int field)
    {
        var input = new CodedInputStream(message.ToByteArray());
        for (var tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
        {
            if (WireFormat.GetTagFieldNumber(tag) == field)
            {
                return input.ReadString();
            }

            input.SkipLastField();
        }

        return null;
    }
}
