using System;
using System.Collections.Generic;
using System.IO;
using FluentAssertions;
using ShuffleNet.Torch.Classification;
using TorchImaging;
using ShuffleNet.Torch.Onnx;
using ShuffleNet.Torch.Pretrained;
using TorchCheckpoints.Hub;
using TorchSharp;
using TorchStats;
using Xunit;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Reliability.Tests;

/// <summary>
/// Every public operation, on success and on failure, leaves this thread's count of live native tensors as it found it
/// (results disposed or in a dispose scope): nothing is left for the finalizer.
/// </summary>
public sealed class NoLeakTests(BadInputFixture fixture) : IClassFixture<BadInputFixture>
{
    private static readonly Dictionary<string, Action<BadInputFixture>> Operations = new()
    {
        ["ShuffleNetV2.Create, then Dispose"] = _ => ShuffleNetV2.Create(ShuffleNetV2Width.X0_5, numClasses: Models.Classes).Dispose(),
        ["forward"] = f => InScope(() => f.Model.call(f.Reference)),
        ["forward refused by validation"] = f => Swallow(() => InScope(() => f.Model.call(zeros(2, 1, 64, 64)))),
        ["forward in training mode"] = f =>
        {
            using var model = Models.NewEval(copyFrom: f.Model);
            model.train();
            InScope(() => model.call(f.Reference));
        },
        ["FuseForInference, forward, Dispose"] = f =>
        {
            using var fused = f.Model.FuseForInference();
            InScope(() => fused.call(f.Reference));
        },
        ["SaveWeights"] = f => f.Model.SaveWeights(f.File("leak.safetensors")),
        ["LoadWeights"] = f => f.Model.LoadWeights(f.File("weights.safetensors")),
        ["LoadWeights refused (another width)"] = f => Swallow(() => f.Model.LoadWeights(f.File("x1_0.safetensors"))),
        ["LoadWeights refused (truncated)"] = f => Swallow(() => f.Model.LoadWeights(f.File("truncated.safetensors"))),
        ["FromWeights, then Dispose"] = f => ShuffleNetV2.FromWeights(f.File("weights.safetensors")).Dispose(),
        ["ToOnnxBytes"] = f => f.Model.ToOnnxBytes(),
        ["OnnxImageClassifier.Run"] = f => InScope(() => f.Onnx.Run(f.Reference)),
        ["ModelStatistics.Analyze"] = f => ModelStatistics.Analyze(f.Model, [1, 3, 64, 64]),
        ["ModelStatistics.Analyze refused (no batch dimension)"] = f => Swallow(() => ModelStatistics.Analyze(f.Model, [3, 64, 64])),
        ["ImageNetPreprocessing.Load"] = f => InScope(() => ImageNetPreprocessing.Load(f.File("image.png"))),
        ["ImageNetPreprocessing.Load with the 1.5x weights' transform (232)"] = f => InScope(() => ImageNetPreprocessing.Load(f.File("image.png"), ShuffleNetV2Weights.X1_5_ImageNet1K_V1.Transforms)),
        ["ImageNetPreprocessing.LoadBatch refused (bicubic)"] = f => Swallow(() => ImageNetPreprocessing.LoadBatch([f.File("image.png")], new ImageClassificationTransform(224, interpolation: InterpolationMode.Bicubic))),
        ["Predictions.TopK"] = f => InScope(() => Predictions.TopK(f.Model.call(f.Reference), k: 3)),
        ["Functional.ChannelShuffle"] = f => InScope(() => Functional.ChannelShuffle(f.Reference, 3)),
    };

    public static TheoryData<string> Names => new(Operations.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void Operation_OnThisThread_LeavesTheLiveTensorCountUnchanged(string name)
    {
        Operations[name](fixture);   // once first: lazily created caches are not leaks
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        Operations[name](fixture);

        DisposeScopeManager.Statistics.ThreadTotalLiveCount.Should().Be(before);
    }

    private static void InScope(Action action)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        action();
    }

    private static void InScope(Func<object> action) => InScope(() => { _ = action(); });

    private static void Swallow(Action action)
    {
        try
        {
            action();
        }
        catch (Exception e) when (e is ArgumentException or IOException or ForwardPassException)
        {
            // The failure is the point; the test checks what it left behind.
        }
    }
}
