using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FluentAssertions;
using ShuffleNet.Torch.Onnx;
using TorchStats;
using Xunit;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Reliability.Tests;

/// <summary>What the README's "Threads" section promises: inference and statistics from several threads give the single-threaded results.</summary>
public sealed class ConcurrencyTests
{
    private const int Threads = 4;
    private const int RoundsPerThread = 3;

    [Fact]
    public void Forward_FourThreadsOnOneSharedEvalModel_GiveTheSingleThreadedOutputs()
    {
        using var model = Models.NewEval();
        var inputs = Inputs(seed: 12);
        var expected = inputs.Select(x => Models.Forward(model, x)).ToArray();

        var actual = RunOnThreads(thread => Models.Forward(model, inputs[thread]));

        AssertEachThreadGot(actual, expected);
        Dispose(inputs);
    }

    [Fact]
    public void Forward_FourThreadsOnSeparateModels_GiveTheSingleThreadedOutputs()
    {
        using var original = Models.NewEval();
        var models = Enumerable.Range(0, Threads).Select(_ => Models.NewEval(copyFrom: original)).ToArray();
        var inputs = Inputs(seed: 22);
        var expected = Models.Forward(original, inputs[0]);

        var actual = RunOnThreads(thread => Models.Forward(models[thread], inputs[0]));

        actual.SelectMany(outputs => outputs).Should().AllSatisfy(output => output.Should().Equal(expected));
        Dispose(models);
        Dispose(inputs);
    }

    [Fact]
    public void Forward_FourThreadsOnOneSharedFusedModel_GiveTheSingleThreadedOutputs()
    {
        using var model = Models.NewEval();
        using var fused = model.FuseForInference();
        var inputs = Inputs(seed: 32);
        var expected = inputs.Select(x => Models.Forward(fused, x)).ToArray();

        var actual = RunOnThreads(thread => Models.Forward(fused, inputs[thread]));

        AssertEachThreadGot(actual, expected);
        Dispose(inputs);
    }

    [Fact]
    public void Run_FourThreadsOnOneOnnxSession_GiveTheSingleThreadedOutputs()
    {
        using var model = Models.NewEval();
        using var onnx = OnnxImageClassifier.FromModel(model, intraOpThreads: 1);
        var inputs = Inputs(seed: 42);
        var expected = inputs.Select(x => RunOnnx(onnx, x)).ToArray();

        var actual = RunOnThreads(thread => RunOnnx(onnx, inputs[thread]));

        AssertEachThreadGot(actual, expected);
        Dispose(inputs);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Analyze_TwoThreadsAtOnce_GiveTheSingleThreadedReport(bool sharedModel)
    {
        using var first = Models.NewEval();
        using var second = sharedModel ? first : Models.NewEval(copyFrom: first);
        long[] shape = [1, 3, 64, 64];
        var expected = ReportWithoutTimes.Of(ModelStatistics.Analyze(first, shape));
        using var start = new Barrier(2);

        var reports = await Task.WhenAll(
            Task.Run(() => AnalyzeRepeatedly(first, shape, start)),
            Task.Run(() => AnalyzeRepeatedly(second, shape, start)));

        reports.SelectMany(r => r).Should().HaveCount(2 * RoundsPerThread).And.AllSatisfy(r => r.Should().BeEquivalentTo(expected, o => o.ComparingRecordsByMembers().WithStrictOrdering()));
    }

    private static ReportWithoutTimes[] AnalyzeRepeatedly(ShuffleNetV2 model, long[] shape, Barrier start)
    {
        start.SignalAndWait();
        return Enumerable.Range(0, RoundsPerThread).Select(_ => ReportWithoutTimes.Of(ModelStatistics.Analyze(model, shape))).ToArray();
    }

    private static float[] RunOnnx(OnnxImageClassifier onnx, Tensor input)
    {
        using var scope = NewDisposeScope();
        return onnx.Run(input).data<float>().ToArray();
    }

    private static Tensor[] Inputs(int seed)
    {
        using var generator = new Generator((ulong)seed);
        return Enumerable.Range(0, Threads).Select(_ => rand([2, 3, 64, 64], generator: generator).DetachFromDisposeScope()).ToArray();
    }

    private static float[][][] RunOnThreads(Func<int, float[]> work) =>
        Enumerable.Range(0, Threads)
            .Select(thread => Task.Factory.StartNew(() => Enumerable.Range(0, RoundsPerThread).Select(_ => work(thread)).ToArray(), TaskCreationOptions.LongRunning))
            .ToArray()
            .Select(task => task.GetAwaiter().GetResult())
            .ToArray();

    private static void AssertEachThreadGot(float[][][] actual, float[][] expected)
    {
        for (var thread = 0; thread < Threads; thread++)
        {
            actual[thread].Should().AllSatisfy(output => output.Should().Equal(expected[thread]));
        }
    }

    private static void Dispose(params IDisposable[] disposables)
    {
        foreach (var disposable in disposables)
        {
            disposable.Dispose();
        }
    }

    /// <summary>A report's content without the measured times, which differ from run to run.</summary>
    private sealed record ReportWithoutTimes(string Model, long[] InputShape, string Device, long Parameters, LayerRow[] Rows, ReportTotals Totals)
    {
        public static ReportWithoutTimes Of(StatisticsReport report) => new(
            report.ModelName,
            report.InputShape.ToArray(),
            report.Device,
            report.ModelParameters,
            report.Rows.Select(r => r with { Duration = TimeSpan.Zero }).ToArray(),
            report.Totals with { Duration = TimeSpan.Zero });
    }
}
