using System;
using System.Linq;
using FluentAssertions;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TorchStats.Tests.Walk;

/// <summary>
/// Analyses from example tensors: any element type, several inputs. Numbers by hand; int64 = 8 bytes, float32 = 4.
/// </summary>
public sealed class ExampleInputTests
{
    [Fact]
    public void AnalyzeInputs_EmbeddingOfInt64Ids_CountsEveryLayer()
    {
        using var model = Sequential(("embed", Embedding(10, 4)), ("fc", Linear(4, 2)));
        using var ids = tensor(new long[] { 1, 2, 3, 4, 5, 6 }).reshape(2, 3);

        var report = ModelStatistics.AnalyzeInputs(model, ids);

        report.InputShape.Should().Equal(2, 3);
        report.InputType.Should().Be("int64");
        report.BatchSize.Should().Be(2);
        report.UnsupportedTypes.Should().BeEmpty();
        // embed [2,3] int64 -> [2,3,4] float32: params 40; read 6·8 + 24·4 = 144; write 24·4 = 96; one sample's output 12·4 bytes
        var embed = report.Rows[0];
        (embed.Parameters, embed.MAdd, embed.Flops, embed.MemoryReadBytes, embed.MemoryWriteBytes, embed.Macs).Should().Be((40L, 0L, 0L, 144L, 96L, 0L));
        embed.MemoryMB.Should().Be(12 * 4 / 1048576f);
        // fc [2,3,4] -> [2,3,2]: R = 3; MAdd 3·2·(2·4 − 1) = 42; Flops = MACs = 2·3·4·2 = 48; read 2·(12 + 10) = 44 elements; write 12
        var fc = report.Rows[1];
        (fc.Parameters, fc.MAdd, fc.Flops, fc.MemoryReadBytes, fc.MemoryWriteBytes, fc.Macs).Should().Be((10L, 42L, 48L, 44L * 4, 12L * 4, 48L));
        ids.IsInvalid.Should().BeFalse("the caller's tensor is not disposed");
    }

    [Fact]
    public void Analyze_ShapeOnlyWithAnIntegerType_StillRefusesAndPointsToExampleTensors()
    {
        using var model = Sequential(("embed", Embedding(10, 4)));

        var act = () => ModelStatistics.Analyze(model, [2, 3], new AnalysisOptions { InputType = ScalarType.Int64 });

        act.Should().Throw<ArgumentException>().WithMessage("*floating-point*example tensor*");
    }

    [Fact]
    public void AnalyzeInputs_TwoInputsOfDifferentTypes_CallsTheModelWithBothAndDescribesThem()
    {
        using var model = new TwoInputNet();
        using var ids = zeros([2, 3], ScalarType.Int64);
        using var features = ones(2, 5);

        var report = ModelStatistics.AnalyzeInputs(model, [ids, features]);

        report.Inputs.Select(i => i.ToString()).Should().Equal("[2, 3] int64", "[2, 5] float32");
        report.InputShape.Should().Equal(2, 3);
        report.Rows.Select(r => r.Name).Should().Equal("embed", "proj", "head");
        report.Rows.Should().OnlyContain(r => r.Status == LayerStatus.Counted && r.Calls == 1);
        // proj [2,5] -> [2,4]: MAdd 4·9 = 36; Flops = MACs = 2·5·4 = 40; read 2·(5 + 24) = 58; write 8
        // head [2,4] -> [2,2]: MAdd 2·7 = 14; Flops = MACs = 16; read 2·(4 + 10) = 28; write 4
        var (proj, head) = (report.Rows[1], report.Rows[2]);
        (proj.MAdd, proj.Flops, proj.MemoryReadBytes, proj.MemoryWriteBytes, proj.Macs).Should().Be((36L, 40L, 58L * 4, 8L * 4, 40L));
        (head.MAdd, head.Flops, head.MemoryReadBytes, head.MemoryWriteBytes, head.Macs).Should().Be((14L, 16L, 28L * 4, 4L * 4, 16L));
        report.ToTable().Should().Contain("Inputs [2, 3] int64, [2, 5] float32 on cpu, batch 2:");
    }

    [Fact]
    public void AnalyzeInputs_WrongNumberOfInputs_ThrowsNamingTheModel()
    {
        using var model = new TwoInputNet();
        using var ids = zeros([2, 3], ScalarType.Int64);

        var act = () => ModelStatistics.AnalyzeInputs(model, [ids, ids, ids]);

        act.Should().Throw<ArgumentException>().WithMessage("TwoInputNet has no call taking 3 tensor(s)*").Which.ParamName.Should().Be("inputs");
    }

    [Fact]
    public void AnalyzeInputs_DisposedOrMissingInput_ThrowsSayingWhich()
    {
        using var model = Sequential(("fc", Linear(4, 2)));
        var disposed = ones(1, 4);
        disposed.Dispose();

        FluentActions.Invoking(() => ModelStatistics.AnalyzeInputs(model, disposed))
            .Should().Throw<ArgumentException>().WithMessage("*input 0 has been disposed*").Which.ParamName.Should().Be("input");
        FluentActions.Invoking(() => ModelStatistics.AnalyzeInputs(model, Array.Empty<Tensor>()))
            .Should().Throw<ArgumentException>().WithMessage("*at least one input tensor*");
    }

    [Fact]
    public void AnalyzeInputs_ForwardThrows_NamesEveryInputAndTheLeaf()
    {
        using var model = new TwoInputNet();
        using var ids = zeros([2, 3], ScalarType.Int64);
        using var features = ones(2, 6);

        var act = () => ModelStatistics.AnalyzeInputs(model, [ids, features]);

        act.Should().Throw<ForwardPassException>()
            .WithMessage("The forward pass of TwoInputNet on inputs [2, 3] (int64), [2, 6] (float32) on cpu failed inside leaf module 'proj' (Linear)*")
            .Which.InputShape.Should().Equal(2, 3);
    }

    /// <summary>Token ids and features: the mean of the ids' embeddings plus a projection of the features, then a head.</summary>
    private sealed class TwoInputNet : Module<Tensor, Tensor, Tensor>
    {
        private readonly Embedding embed;
        private readonly Linear proj;
        private readonly Linear head;

        public TwoInputNet()
            : base(nameof(TwoInputNet))
        {
            embed = Embedding(10, 4);
            proj = Linear(5, 4);
            head = Linear(4, 2);
            RegisterComponents();
        }

        public override Tensor forward(Tensor ids, Tensor features)
        {
            using var scope = NewDisposeScope();
            var x = embed.call(ids).mean([1]) + proj.call(features);
            return head.call(x).MoveToOuterDisposeScope();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                embed.Dispose();
                proj.Dispose();
                head.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
