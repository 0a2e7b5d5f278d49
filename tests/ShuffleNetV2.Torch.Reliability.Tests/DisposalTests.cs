using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using FluentAssertions;
using ShuffleNet.Torch.Onnx;
using TorchSharp;
using TorchStats;
using Xunit;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ShuffleNet.Torch.Reliability.Tests;

/// <summary>Disposing frees the native tensors; every public entry point given a disposed model throws <see cref="ObjectDisposedException"/>.</summary>
public sealed class DisposalTests : IDisposable
{
    private static readonly Dictionary<string, Action<ShuffleNetV2, string>> ModelUses = new()
    {
        ["call (forward)"] = (model, _) => model.call(ones(1, 3, 32, 32)),
        ["LoadWeights"] = (model, file) => model.LoadWeights(file),
        ["SaveWeights"] = (model, file) => model.SaveWeights(file),
        ["FuseForInference"] = (model, _) => model.FuseForInference(),
        ["ExportToOnnx"] = (model, file) => model.ExportToOnnx(file),
        ["ToOnnxBytes"] = (model, _) => model.ToOnnxBytes(),
        ["OnnxImageClassifier.FromModel"] = (model, _) => OnnxImageClassifier.FromModel(model),
        ["ModelStatistics.Analyze"] = (model, _) => ModelStatistics.Analyze(model, [1, 3, 32, 32]),
        ["eval"] = (model, _) => model.eval(),
    };

    private static readonly Dictionary<string, Action<FusedShuffleNetV2, string>> FusedUses = new()
    {
        ["call (forward)"] = (model, _) => model.call(ones(1, 3, 32, 32)),
        ["ExportToOnnx"] = (model, file) => model.ExportToOnnx(file),
        ["OnnxImageClassifier.FromModel"] = (model, _) => OnnxImageClassifier.FromModel(model),
        ["ModelStatistics.Analyze"] = (model, _) => ModelStatistics.Analyze(model, [1, 3, 32, 32]),
    };

    private readonly string _directory = Directory.CreateTempSubdirectory("shufflenet-disposal-").FullName;

    public static TheoryData<string> ModelEntryPoints => new(ModelUses.Keys);

    public static TheoryData<string> FusedEntryPoints => new(FusedUses.Keys);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Dispose_Model_ReleasesEveryParameterAndBuffer()
    {
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5);
        var tensors = model.parameters().Count() + model.buffers().Count();
        DisposeScopeManager.Statistics.ThreadTotalLiveCount.Should().Be(before + tensors);

        model.Dispose();

        DisposeScopeManager.Statistics.ThreadTotalLiveCount.Should().Be(before);
    }

    [Fact]
    public void Dispose_FusedModel_ReleasesEveryTensorItMade()
    {
        using var model = Models.NewEval();
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var fused = model.FuseForInference();
        DisposeScopeManager.Statistics.ThreadTotalLiveCount.Should().BeGreaterThan(before);

        fused.Dispose();

        DisposeScopeManager.Statistics.ThreadTotalLiveCount.Should().Be(before);
    }

    [Fact]
    public void Dispose_Twice_IsHarmless()
    {
        var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5);
        model.Dispose();

        var act = model.Dispose;

        act.Should().NotThrow();
    }

    [Theory]
    [MemberData(nameof(ModelEntryPoints))]
    public void EntryPoint_DisposedModel_ThrowsObjectDisposedException(string entryPoint)
    {
        var weights = Path.Combine(_directory, "weights.safetensors");
        using (var source = Models.NewEval())
        {
            source.SaveWeights(weights);
        }

        var model = Models.NewEval();
        model.Dispose();
        var output = Path.Combine(_directory, "output");
        var target = entryPoint == "LoadWeights" ? weights : output;

        var act = () =>
        {
            using var scope = NewDisposeScope();
            ModelUses[entryPoint](model, target);
        };

        act.Should().Throw<ObjectDisposedException>().WithMessage("*ShuffleNetV2*");
        File.Exists(output).Should().BeFalse("nothing is written for a disposed model");
    }

    [Theory]
    [MemberData(nameof(FusedEntryPoints))]
    public void EntryPoint_DisposedFusedModel_ThrowsObjectDisposedException(string entryPoint)
    {
        using var source = Models.NewEval();
        var fused = source.FuseForInference();
        fused.Dispose();
        var output = Path.Combine(_directory, "output");

        var act = () =>
        {
            using var scope = NewDisposeScope();
            FusedUses[entryPoint](fused, output);
        };

        act.Should().Throw<ObjectDisposedException>().WithMessage("*FusedShuffleNetV2*");
        File.Exists(output).Should().BeFalse();
        Models.Forward(source, ones(1, 3, 32, 32)).Should().HaveCount(Models.Classes, "the source network does not depend on its fused copy");
    }

    [Fact]
    public void Analyze_DisposedPlainTorchSharpModule_ThrowsObjectDisposedExceptionNamingIt()
    {
        var model = Sequential(("stem", Conv2d(3, 4, kernel_size: 3)), ("act", ReLU()));
        model.Dispose();

        var act = () => ModelStatistics.Analyze(model, [1, 3, 8, 8]);

        act.Should().Throw<ObjectDisposedException>().WithMessage("*Sequential*disposed*");
    }

    [Fact]
    public void Analyze_ModelWithADisposedChild_ThrowsObjectDisposedExceptionNamingTheChild()
    {
        var stem = Conv2d(3, 4, kernel_size: 3);
        using var model = Sequential(("stem", stem), ("act", ReLU()));
        stem.Dispose();

        var act = () => ModelStatistics.Analyze(model, [1, 3, 8, 8]);

        act.Should().Throw<ObjectDisposedException>().WithMessage("*'stem' (Conv2d)*disposed*");
    }

    [Fact]
    public void Call_DisposedUnit_ThrowsObjectDisposedException()
    {
        using var scope = NewDisposeScope();
        var unit = new InvertedResidual(8, 8, 1);
        unit.Dispose();

        var act = () => unit.call(rand(1, 8, 4, 4));

        act.Should().Throw<ObjectDisposedException>().Which.ObjectName.Should().Contain(nameof(InvertedResidual));
    }

    [Fact]
    public void Run_DisposedOnnxSession_ThrowsObjectDisposedException()
    {
        using var model = Models.NewEval();
        var onnx = OnnxImageClassifier.FromModel(model);
        onnx.Dispose();

        var act = () =>
        {
            using var scope = NewDisposeScope();
            onnx.Run(ones(1, 3, 32, 32));
        };

        act.Should().Throw<ObjectDisposedException>().WithMessage("*OnnxImageClassifier*");
    }
}
