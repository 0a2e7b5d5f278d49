using System.Linq;
using FluentAssertions;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TorchStats.Tests.Walk;

/// <summary>
/// Last call (torchstat's way, the default) against every call, on a convolution called twice with different input
/// sizes. Numbers by hand (float32, 4 bytes per element; K = 3·3·1 = 9 for the 1→1 convolution without bias):
/// <list type="bullet">
/// <item>conv call 0, [1,1,4,4] → [1,1,4,4]: MAdd (9 + 8)·16 = 272; Flops 9·16 = 144; read 16 + 9 = 25 elements; write 16; MACs 144.</item>
/// <item>pool, [1,1,4,4] → [1,1,2,2] (2×2): MAdd (4 − 1)·4 = 12; Flops 16; read 16; write 4.</item>
/// <item>functional.relu: no module, no row, no count, in either mode.</item>
/// <item>conv call 1, [1,1,2,2] → [1,1,2,2]: MAdd 17·4 = 68; Flops 9·4 = 36; read 4 + 9 = 13; write 4; MACs 36.</item>
/// </list>
/// </summary>
public sealed class CallCountingTests
{
    [Fact]
    public void Analyze_ReusedModuleByDefault_KeepsItsLastCallAsTorchstat()
    {
        using var model = new ReusedConv();

        var report = ModelStatistics.Analyze(model, [1, 1, 4, 4]);

        report.CallCounting.Should().Be(CallCounting.LastCall);
        report.Totals.CallCounting.Should().Be(CallCounting.LastCall);
        report.Rows.Select(r => (r.Name, r.CallIndex, r.Calls)).Should().Equal(("conv", 1, 2), ("pool", 0, 1));
        Numbers(report.Rows[0]).Should().Be((9L, 68L, 36L, 13L * 4, 4L * 4, 36L));
        (report.Totals.Parameters, report.Totals.MAdd, report.Totals.Flops, report.Totals.Macs).Should().Be((9L, 80L, 52L, 36L));
        report.ToTable().Should().NotContain("conv#").And.NotContain("Every call counted");
    }

    [Fact]
    public void Analyze_EveryCall_GivesOneRowPerCallWithItsIndexAndCountsEveryCall()
    {
        using var model = new ReusedConv();

        var report = ModelStatistics.Analyze(model, [1, 1, 4, 4], new AnalysisOptions { CallCounting = CallCounting.EveryCall });

        report.CallCounting.Should().Be(CallCounting.EveryCall);
        report.Totals.CallCounting.Should().Be(CallCounting.EveryCall);
        report.Rows.Select(r => (r.Name, r.CallIndex, r.Calls)).Should().Equal(("conv", 0, 2), ("conv", 1, 2), ("pool", 0, 1));
        Numbers(report.Rows[0]).Should().Be((9L, 272L, 144L, 25L * 4, 16L * 4, 144L));
        Numbers(report.Rows[1]).Should().Be((0L, 68L, 36L, 13L * 4, 4L * 4, 36L), "the parameters are counted once, in the first call's row");
        Numbers(report.Rows[2]).Should().Be((0L, 12L, 16L, 16L * 4, 4L * 4, 0L));
        report.Rows.Select(r => r.MemoryMB).Should().Equal(16 * 4 / 1048576f, 4 * 4 / 1048576f, 4 * 4 / 1048576f);
        // Totals: params 9; MAdd 272 + 68 + 12 = 352; Flops 144 + 36 + 16 = 196; read (25 + 13 + 16)·4 = 216; write (16 + 4 + 4)·4 = 96; MACs 180
        var t = report.Totals;
        (t.Parameters, t.MAdd, t.Flops, t.MemoryReadBytes, t.MemoryWriteBytes, t.Macs).Should().Be((9L, 352L, 196L, 216L, 96L, 180L));
    }

    [Fact]
    public void Formats_EveryCall_NameEachCallAndSayWhatTheTotalsCover()
    {
        using var model = new ReusedConv();
        var report = ModelStatistics.Analyze(model, [1, 1, 4, 4], new AnalysisOptions { CallCounting = CallCounting.EveryCall });

        var table = report.ToTable();
        table.Should().Contain("conv#0").And.Contain("conv#1").And.Contain("Every call counted").And.Contain("never counted");
        table.Should().NotContain("pool#", "a module that ran once keeps its plain name");
        report.ToCsv().Split('\n').Should().Contain(l => l.StartsWith("1,conv,Conv2d,counted,1 2 2,1 2 2,0,", System.StringComparison.Ordinal) && l.EndsWith(",2,1", System.StringComparison.Ordinal))
            .And.Contain(l => l.StartsWith("total,,,every call,", System.StringComparison.Ordinal));
        report.ToJson().Should().Contain("\"callCounting\": \"every call\"");
        report.ToMarkdown().Should().Contain("`conv#1`");
    }

    private static (long Params, long MAdd, long Flops, long Read, long Write, long Macs) Numbers(LayerRow row) =>
        (row.Parameters, row.MAdd, row.Flops, row.MemoryReadBytes, row.MemoryWriteBytes, row.Macs);

    /// <summary>conv → pool → functional.relu → the same conv again.</summary>
    private sealed class ReusedConv : Module<Tensor, Tensor>
    {
        private readonly Conv2d conv;
        private readonly MaxPool2d pool;

        public ReusedConv()
            : base(nameof(ReusedConv))
        {
            conv = Conv2d(1, 1, kernel_size: 3, padding: 1, bias: false);
            pool = MaxPool2d(2);
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            using var scope = NewDisposeScope();
            var x = pool.call(conv.call(input));
            return conv.call(functional.relu(x)).MoveToOuterDisposeScope();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                conv.Dispose();
                pool.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
