using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FluentAssertions;
using ShuffleNet.Torch;
using TorchStats.Tests.Support;
using Xunit;

namespace TorchStats.Tests.Walk;

public sealed class ConcurrencyTests
{
    private const int Rounds = 5;

    [Fact]
    public async Task Analyze_TwoModelsOnTwoThreadsAtOnce_EachGetsItsOwnNumbers()
    {
        using var zoo = new ZooNet();
        using var shuffle = ShuffleNetV2.Create([1, 2, 1], [8, 16, 32, 64, 128], numClasses: 5);
        var zooAlone = Numbers(ModelStatistics.Analyze(zoo, [1, 3, 20, 24]));
        var shuffleAlone = Numbers(ModelStatistics.Analyze(shuffle, [2, 3, 40, 40]));
        using var start = new Barrier(2);

        var zooTask = Task.Run(() => Repeat(start, () => ModelStatistics.Analyze(zoo, [1, 3, 20, 24])));
        var shuffleTask = Task.Run(() => Repeat(start, () => ModelStatistics.Analyze(shuffle, [2, 3, 40, 40])));
        var results = await Task.WhenAll(zooTask, shuffleTask);

        results[0].Should().OnlyContain(r => Numbers(r).SequenceEqual(zooAlone));
        results[1].Should().OnlyContain(r => Numbers(r).SequenceEqual(shuffleAlone));
        Hooks.CountInTree(zoo).Should().Be(0);
        Hooks.CountInTree(shuffle).Should().Be(0);
    }

    [Fact]
    public async Task Analyze_SameModelOnTwoThreadsAtOnce_IsSerialisedAndBothSucceed()
    {
        using var model = ShuffleNetV2.Create([1, 2, 1], [8, 16, 32, 64, 128], numClasses: 5);
        var alone = Numbers(ModelStatistics.Analyze(model, [1, 3, 32, 32]));
        using var start = new Barrier(2);

        var results = await Task.WhenAll(
            Task.Run(() => Repeat(start, () => ModelStatistics.Analyze(model, [1, 3, 32, 32]))),
            Task.Run(() => Repeat(start, () => ModelStatistics.Analyze(model, [1, 3, 32, 32]))));

        results.SelectMany(r => r).Should().HaveCount(2 * Rounds).And.OnlyContain(r => Numbers(r).SequenceEqual(alone));
        Hooks.CountInTree(model).Should().Be(0);
        model.modules().Should().OnlyContain(m => m.training, "a new model is in training mode, and is again afterwards");
    }

    private static StatisticsReport[] Repeat(Barrier start, System.Func<StatisticsReport> analyze)
    {
        start.SignalAndWait();
        return Enumerable.Range(0, Rounds).Select(_ => analyze()).ToArray();
    }

    private static long[] Numbers(StatisticsReport report) =>
        report.Rows.SelectMany(r => new[] { r.Calls, r.Parameters, r.MAdd, r.Flops, r.MemoryReadBytes, r.MemoryWriteBytes, r.Macs }).ToArray();
}
