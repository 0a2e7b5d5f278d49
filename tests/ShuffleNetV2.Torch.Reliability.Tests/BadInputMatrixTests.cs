using System;
using System.IO;
using System.Linq;
using FluentAssertions;
using ShuffleNet.Torch.Classification;
using TorchImaging;
using ShuffleNet.Torch.Onnx;
using ShuffleNet.Torch.Weights;
using TorchCheckpoints;
using TorchStats;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Reliability.Tests;

/// <summary>
/// One table of bad inputs across the public API. Each throws the exception in the table with a message that names the
/// bad value (or, for NaN and infinity, runs and propagates them); afterwards the model gives the same output on the
/// reference batch as before, bit for bit.
/// </summary>
public sealed class BadInputMatrixTests(BadInputFixture fixture, ITestOutputHelper output) : IClassFixture<BadInputFixture>
{
    private static readonly BadInput[] Table =
    [
        // ShuffleNetV2.forward: shape, sizes, element type, device, values
        new("forward: rank 3 (no batch)", typeof(ArgumentException), _ => ["[3, 64, 64]"], f => f.Model.call(zeros(3, 64, 64))),
        new("forward: rank 5", typeof(ArgumentException), _ => ["[1, 2, 3, 64, 64]"], f => f.Model.call(zeros([1, 2, 3, 64, 64]))),
        new("forward: 1 channel", typeof(ArgumentException), _ => ["[2, 1, 64, 64]"], f => f.Model.call(zeros(2, 1, 64, 64))),
        new("forward: 4 channels", typeof(ArgumentException), _ => ["[2, 4, 64, 64]"], f => f.Model.call(zeros(2, 4, 64, 64))),
        new("forward: zero height", typeof(ArgumentException), _ => ["[2, 3, 0, 64]"], f => f.Model.call(zeros(2, 3, 0, 64))),
        new("forward: empty batch", typeof(ArgumentException), _ => ["[0, 3, 64, 64]"], f => f.Model.call(zeros(0, 3, 64, 64))),
        new("forward: one value per channel in training mode", typeof(ArgumentException), _ => ["[1, 3, 32, 32]", "training mode"], f => InTraining(f.Model, () => f.Model.call(zeros(1, 3, 32, 32)))),
        new("forward: int64 input", typeof(ArgumentException), _ => ["Int64"], f => f.Model.call(zeros(2, 3, 64, 64, dtype: ScalarType.Int64))),
        new("forward: float64 input", typeof(ArgumentException), _ => ["Float64"], f => f.Model.call(zeros(2, 3, 64, 64, dtype: ScalarType.Float64))),
        new("forward: input on another device (meta)", typeof(ArgumentException), _ => ["meta"], f => f.Model.call(zeros(2, 3, 64, 64, device: META))),
        new("forward: null input", typeof(ArgumentNullException), _ => ["'input'"], f => f.Model.call(null!)),
        new("forward: NaN input propagates", null, _ => [], f => f.Model.call(full(2, 3, 64, 64, float.NaN)),
            output => output.isnan().all().item<bool>().Should().BeTrue("NaN in gives NaN out")),
        new("forward: infinite input propagates", null, _ => [], f => f.Model.call(full(2, 3, 64, 64, float.PositiveInfinity)),
            output => output.isfinite().any().item<bool>().Should().BeFalse("+inf times weights of both signs gives NaN")),

        // Construction
        new("Create: zero classes", typeof(ArgumentOutOfRangeException), _ => ["got 0"], _ => ShuffleNetV2.Create(ShuffleNetV2Width.X0_5, numClasses: 0)),
        new("Create: negative classes", typeof(ArgumentOutOfRangeException), _ => ["got -5"], _ => ShuffleNetV2.Create(ShuffleNetV2Width.X0_5, numClasses: -5)),
        new("Create: unknown width", typeof(ArgumentOutOfRangeException), _ => ["width 7"], _ => ShuffleNetV2.Create((ShuffleNetV2Width)7)),
        new("Create: odd stage channels", typeof(ArgumentException), _ => ["[24, 49, 96, 192, 1024]"], _ => ShuffleNetV2.Create([4, 8, 4], [24, 49, 96, 192, 1024])),
        new("InvertedResidual: odd output channels", typeof(ArgumentException), _ => ["got 7"], _ => new InvertedResidual(8, 7, 2)),
        new("InvertedResidual: stride 3", typeof(ArgumentException), _ => ["got 3"], _ => new InvertedResidual(8, 8, 3)),
        new("InvertedResidual: stride 1 with different channels", typeof(ArgumentException), _ => ["inputC 8", "outputC 16"], _ => new InvertedResidual(8, 16, 1)),

        // Functional.ChannelShuffle
        new("ChannelShuffle: groups that do not divide the channels", typeof(ArgumentException), _ => ["6 channels", "4 equal groups"], _ => Functional.ChannelShuffle(zeros(1, 6, 2, 2), 4)),
        new("ChannelShuffle: null tensor", typeof(ArgumentNullException), _ => ["'x'"], _ => Functional.ChannelShuffle(null!, 2)),

        // Weights
        new("LoadWeights: missing file", typeof(FileNotFoundException), f => [f.File("missing.pth")], f => f.Model.LoadWeights(f.File("missing.pth"))),
        new("LoadWeights: empty file", typeof(CheckpointFileException), f => [f.File("empty.safetensors"), "empty"], f => f.Model.LoadWeights(f.File("empty.safetensors"))),
        new("LoadWeights: truncated file", typeof(CheckpointFileException), f => [f.File("truncated.safetensors")], f => f.Model.LoadWeights(f.File("truncated.safetensors"))),
        new("LoadWeights: file of another width", typeof(WeightsMismatchException), f => [f.File("x1_0.safetensors"), "[24, 116, 232, 464, 1024]"], f => f.Model.LoadWeights(f.File("x1_0.safetensors"))),
        new("LoadWeights: an image, not a checkpoint", typeof(CheckpointFileException), f => [f.File("image.png"), "not a checkpoint"], f => f.Model.LoadWeights(f.File("image.png"))),
        new("LoadWeights: null path", typeof(ArgumentNullException), _ => ["'path'"], f => f.Model.LoadWeights(null!)),
        new("LoadWeights: CUDA device without CUDA", typeof(ArgumentException), _ => ["cuda"], f => f.Model.LoadWeights(f.File("weights.safetensors"), new WeightsLoadOptions { Device = new Device(TorchSharp.DeviceType.CUDA, 0) })),
        new("FromWeights: a text file", typeof(CheckpointFileException), f => [f.File("notes.txt"), "not a checkpoint"], f => ShuffleNetV2.FromWeights(f.File("notes.txt"))),
        new("SaveWeights: a read-only format", typeof(ArgumentException), _ => ["PyTorchLegacy"], f => f.Model.SaveWeights(f.File("out.pth"), CheckpointFormat.PyTorchLegacy)),

        // Images
        new("ImageNetPreprocessing.Load: a text file named .jpg", typeof(ImageFileException), f => [f.File("photo.jpg"), "matches no image format"], f => ImageNetPreprocessing.Load(f.File("photo.jpg"))),
        new("ImageNetPreprocessing.Load: truncated PNG", typeof(ImageFileException), f => [f.File("truncated.png")], f => ImageNetPreprocessing.Load(f.File("truncated.png"))),
        new("ImageNetPreprocessing.Load: missing file", typeof(FileNotFoundException), f => [f.File("missing.png")], f => ImageNetPreprocessing.Load(f.File("missing.png"))),

        // Statistics
        new("Analyze: input shape of rank 1", typeof(ArgumentException), _ => ["[224]"], f => ModelStatistics.Analyze(f.Model, [224])),
        new("Analyze: input shape without batch (rank 3)", typeof(ForwardPassException), _ => ["[3, 64, 64]", "[1, 3, 64, 64]"], f => ModelStatistics.Analyze(f.Model, [3, 64, 64])),
        new("Analyze: null input shape", typeof(ArgumentNullException), _ => ["'inputShape'"], f => ModelStatistics.Analyze(f.Model, null!)),

        // Predictions
        new("Predictions.TopK: k = 0", typeof(ArgumentOutOfRangeException), _ => ["got 0"], _ => Predictions.TopK(zeros(2, Models.Classes), k: 0)),

        // ONNX
        new("OnnxImageClassifier.FromModel: negative thread count", typeof(ArgumentOutOfRangeException), _ => ["got -1"], f => OnnxImageClassifier.FromModel(f.Model, intraOpThreads: -1)),
        new("OnnxImageClassifier.Run: rank 3 input", typeof(ArgumentException), _ => ["[3, 64, 64]"], f => f.Onnx.Run(zeros(3, 64, 64))),
        new("OnnxImageClassifier.Load: a weights file, not ONNX", typeof(InvalidDataException), f => [f.File("weights.safetensors")], f => OnnxImageClassifier.Load(f.File("weights.safetensors"))),
        new("ExportToOnnx: fixed height 0", typeof(ArgumentOutOfRangeException), _ => ["0×any"], f => f.Model.ExportToOnnx(f.File("out.onnx"), new OnnxExportOptions { InputHeight = 0 })),

        // The fused network
        new("FusedShuffleNetV2.forward: training mode", typeof(InvalidOperationException), _ => ["training mode"], f => InTraining(f.Fused, () => f.Fused.call(f.Reference))),
    ];

    public static TheoryData<string> Cases => new(Table.Select(c => c.Name));

    [Fact]
    public void Table_HasAtLeastTwentyDistinctCases()
    {
        Table.Should().HaveCountGreaterThanOrEqualTo(20).And.OnlyHaveUniqueItems(c => c.Name);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void PublicApi_BadInput_FailsCleanlyNamingTheValueAndTheModelStillWorks(string name)
    {
        var bad = Table.Single(c => c.Name == name);

        var act = () =>
        {
            using var scope = NewDisposeScope();
            var result = bad.Act(fixture);
            if (bad.CheckOutput is not null)
            {
                bad.CheckOutput(result.Should().BeAssignableTo<Tensor>().Subject);
            }
        };

        if (bad.Exception is null)
        {
            act.Should().NotThrow();
        }
        else
        {
            var thrown = act.Should().Throw<Exception>().Which;
            output.WriteLine($"{thrown.GetType().Name}: {thrown.Message}");
            thrown.Should().BeOfType(bad.Exception);
            foreach (var part in bad.MessageParts(fixture))
            {
                thrown.Message.Should().Contain(part);
            }
        }

        fixture.Model.training.Should().BeFalse();
        Models.Forward(fixture.Model, fixture.Reference).Should().Equal(fixture.Expected, "the model works as before the bad call");
    }

    private static object InTraining(nn.Module<Tensor, Tensor> model, Func<object> act)
    {
        model.train();
        try
        {
            return act();
        }
        finally
        {
            model.eval();
        }
    }

    /// <summary>One row: the call, and either the exception with what its message must contain, or a check of the output.</summary>
    public sealed record BadInput(string Name, Type? Exception, Func<BadInputFixture, string[]> MessageParts, Func<BadInputFixture, object?> Act, Action<Tensor>? CheckOutput = null)
    {
        public BadInput(string name, Type? exception, Func<BadInputFixture, string[]> messageParts, Action<BadInputFixture> act, Action<Tensor>? checkOutput = null)
            : this(name, exception, messageParts, f =>
            {
                act(f);
                return null;
            }, checkOutput)
        {
        }
    }
}
